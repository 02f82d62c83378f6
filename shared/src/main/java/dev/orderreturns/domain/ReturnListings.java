package dev.orderreturns.domain;

import java.time.Instant;
import java.util.List;

/**
 * The returns of one account across its orders, newest first, a page at a time (DESIGN.md section
 * 3, "Beyond one order"). Answered from indexes written in the same conditional write as the orders
 * they describe, so the list never disagrees with them; never by scanning.
 */
public interface ReturnListings {

    /**
     * Which returns: of one refund status, or those needing attention ({@link OrderReturn#needsAttention}),
     * or all (both null/false); created from {@code from} (inclusive) to {@code to} (exclusive), either open.
     */
    record Filter(RefundStatus status, boolean attention, Instant from, Instant to) {

        public static final Filter ALL = new Filter(null, false, null, null);

        public boolean accepts(RefundStatus returnStatus, Instant createdAt, boolean needsAttention) {
            return (status == null || status == returnStatus) && (!attention || needsAttention)
                    && (from == null || !createdAt.isBefore(from)) && (to == null || createdAt.isBefore(to));
        }
    }

    record Listed(String orderId, String returnId) {
    }

    /** One page: its returns in order, and the cursor of the next page (null on the last). */
    record Page(List<Listed> returns, String nextCursor) {
    }

    /**
     * A page of at most about {@code limit} returns (the returns of one order are never split across
     * pages, so a page may hold a few more).
     *
     * @param cursor null for the first page, else a {@link Page#nextCursor()} this listing gave the
     *               same account
     * @throws Refusal of kind INVALID naming {@code cursor} when it is not such a cursor
     */
    Page list(String account, Filter filter, String cursor, int limit, Instant now);
}
