package dev.orderreturns.store.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes that put an order in the indexes of returns across orders, written in the same
 * conditional PutItem as the order itself, so the lists can never disagree with the orders:
 * <ul>
 *   <li>{@code ListIndex} ({@code listAccount}, {@code listKey}): every order with returns, keyed by
 *       its newest return's creation time;</li>
 *   <li>{@code AttentionIndex} ({@code attnAccount}, {@code attnKey}): orders with a return not yet
 *       settled (PENDING, PROCESSING, FAILED, MANUAL_REFUND_REQUIRED), keyed like the list index by
 *       the order's newest return of any status; sparse, so the "needs attention" list reads little;</li>
 *   <li>{@code returnsSummary}, projected into both: each return's id, creation time, status and due
 *       time, so a listing filters without reading the orders.</li>
 * </ul>
 * Keys are {@code <epoch millis, 13 digits>#<orderId>}, so they sort by time and are unique. An
 * order's key only ever moves up (a new return), never down (a return settling), which is what lets
 * a listing page exactly while orders change: it finds the orders that moved past its snapshot.
 */
final class ReturnIndexes {

    static final String LIST_INDEX = "ListIndex";
    static final String ATTENTION_INDEX = "AttentionIndex";
    static final String SUMMARY = "returnsSummary";

    /** One return as the indexes' summary holds it. */
    record Summary(String returnId, Instant createdAt, RefundStatus status, Instant dueAt) {

        boolean unsettled() {
            return status != RefundStatus.REFUNDED;
        }
    }

    /** Which index a listing reads, and which of an order's returns it lists. */
    enum Index {
        LIST(LIST_INDEX, "listAccount", "listKey"),
        ATTENTION(ATTENTION_INDEX, "attnAccount", "attnKey");

        final String name;
        final String accountAttribute;
        final String keyAttribute;

        Index(String name, String accountAttribute, String keyAttribute) {
            this.name = name;
            this.accountAttribute = accountAttribute;
            this.keyAttribute = keyAttribute;
        }

        boolean lists(Summary summary) {
            return this == LIST || summary.unsettled();
        }
    }

    private ReturnIndexes() {
    }

    /**
     * The sort key: epoch millis zero-padded to 13 digits (so text order is time order), then the
     * order id. Padded by hand: String.format loads the JDK's formatter and locale data, some 60
     * classes, into the first answer of every cold function that saves a return.
     */
    static String key(Instant at, String orderId) {
        long millis = at.toEpochMilli();
        if (millis < 0) {
            return String.format("%013d#%s", millis, orderId); // before 1970: never a return's time
        }
        String digits = Long.toString(millis);
        return "0".repeat(Math.max(0, 13 - digits.length())) + digits + "#" + orderId;
    }

    /** Puts the order's index attributes on its item (none for an order without returns). */
    static void addTo(Map<String, AttributeValue> item, Order order) {
        List<Summary> summaries = new ArrayList<>();
        for (OrderReturn r : order.returns().all()) {
            summaries.add(new Summary(r.returnId(), r.createdAt(), r.status(), r.dueAt()));
        }
        if (summaries.isEmpty()) {
            return;
        }
        item.put(SUMMARY, AttributeValue.fromS(write(summaries)));
        Instant newest = newest(summaries, Instant.MAX);
        for (Index index : Index.values()) {
            if (summaries.stream().anyMatch(index::lists)) {
                item.put(index.accountAttribute, AttributeValue.fromS(order.account()));
                item.put(index.keyAttribute, AttributeValue.fromS(key(newest, order.orderId())));
            }
        }
    }

    /** The creation time of the order's newest return created by {@code by}: its key's time. */
    static Instant newest(List<Summary> summaries, Instant by) {
        return summaries.stream().map(Summary::createdAt).filter(at -> !at.isAfter(by)).max(Instant::compareTo)
                .orElse(null);
    }

    static String write(List<Summary> summaries) {
        List<Object> list = new ArrayList<>();
        for (Summary s : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("r", s.returnId());
            m.put("c", s.createdAt().toEpochMilli());
            m.put("s", s.status().name());
            if (s.dueAt() != null) {
                m.put("d", s.dueAt().toEpochMilli());
            }
            list.add(m);
        }
        try {
            return JSON.std.asString(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Summary> read(String summary) {
        List<Summary> summaries = new ArrayList<>();
        try {
            for (Object o : JSON.std.listFrom(summary)) {
                Map<?, ?> m = (Map<?, ?>) o;
                Object due = m.get("d");
                summaries.add(new Summary((String) m.get("r"), Instant.ofEpochMilli(((Number) m.get("c")).longValue()),
                        RefundStatus.valueOf((String) m.get("s")),
                        due == null ? null : Instant.ofEpochMilli(((Number) due).longValue())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an index summary is unreadable", e);
        }
        return summaries;
    }
}
