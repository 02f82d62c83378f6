package dev.orderreturns.functions.body;

import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnListings;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.JsonBody;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The query of {@code GET /returns} and {@code GET /returns/export}: {@code status} (a refund status
 * or {@code attention}), {@code from} and {@code to} (ISO 8601 dates or date-times, UTC when no
 * offset: {@code from} inclusive, {@code to} exclusive, a date-only {@code to} taking in that whole
 * day), {@code cursor} and {@code limit}. Every bad parameter is named in one 400.
 */
public record ListingQuery(ReturnListings.Filter filter, String cursor, int limit) {

    public static ListingQuery read(ApiRequest request, boolean statusAllowed, int defaultLimit, int maxLimit) {
        JsonBody problems = new JsonBody();
        RefundStatus status = null;
        boolean attention = false;
        String statusName = request.queryParameter("status");
        if (statusName != null && statusAllowed) {
            if (statusName.equals("attention")) {
                attention = true;
            } else {
                try {
                    status = RefundStatus.valueOf(statusName);
                } catch (IllegalArgumentException e) {
                    problems.problem("status", "must be attention or one of PENDING, PROCESSING, REFUNDED,"
                            + " MANUAL_REFUND_REQUIRED, FAILED");
                }
            }
        } else if (statusName != null) {
            problems.problem("status", "is not a parameter of this route");
        }
        Instant from = instant(request.queryParameter("from"), "from", false, problems);
        Instant to = instant(request.queryParameter("to"), "to", true, problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.problem("to", "must be after from");
        }
        String cursor = request.queryParameter("cursor");
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 1000)) {
            problems.problem("cursor", "is not a cursor of this listing: start again without one");
        }
        int limit = defaultLimit;
        String limitText = request.queryParameter("limit");
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,4}") || Integer.parseInt(limitText) < 1
                    || Integer.parseInt(limitText) > maxLimit) {
                problems.problem("limit", "must be a whole number from 1 to " + maxLimit);
            } else {
                limit = Integer.parseInt(limitText);
            }
        }
        problems.refuseIfProblems();
        return new ListingQuery(new ReturnListings.Filter(status, attention, from, to), cursor, limit);
    }

    private static Instant instant(String text, String name, boolean endOfDay, JsonBody problems) {
        if (text == null) {
            return null;
        }
        if (text.length() > 40) {
            problems.problem(name, "must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z");
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                problems.problem(name, "must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z");
                return null;
            }
        }
    }
}
