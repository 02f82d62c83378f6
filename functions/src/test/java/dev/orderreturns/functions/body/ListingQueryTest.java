package dev.orderreturns.functions.body;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.functions.ApiEvents;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.routes.ListReturns;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingQueryTest {

    private static ListingQuery read(Map<String, String> query, boolean statusAllowed) {
        return ListingQuery.read(new ApiRequest(ApiEvents.route(ListReturns.KEY).query(query).build()),
                statusAllowed, 25, 100);
    }

    private static List<String> refusedFields(Map<String, String> query, boolean statusAllowed) {
        Refusal refusal = assertThrows(Refusal.class, () -> read(query, statusAllowed));
        return refusal.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void noParametersMeansEverythingNewestFirstAtTheDefaultPageSize() {
        ListingQuery query = read(null, true);
        assertEquals(25, query.limit());
        assertNull(query.cursor());
        assertNull(query.filter().status());
        assertNull(query.filter().from());
        assertNull(query.filter().to());
    }

    @Test
    void datesAreUtcDaysWithToTakingInItsWholeDay() {
        ListingQuery query = read(Map.of("from", "2026-11-01", "to", "2026-11-30", "status", "FAILED", "limit", "100"),
                true);
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), query.filter().from());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), query.filter().to());
        assertEquals(RefundStatus.FAILED, query.filter().status());
        assertEquals(100, query.limit());
        ListingQuery times = read(Map.of("from", "2026-11-01T10:00:00+02:00", "to", "2026-11-01T12:00:00"), true);
        assertEquals(Instant.parse("2026-11-01T08:00:00Z"), times.filter().from());
        assertEquals(Instant.parse("2026-11-01T12:00:00Z"), times.filter().to());
        assertTrue(read(Map.of("status", "attention"), true).filter().attention());
    }

    @Test
    void everyBadParameterIsNamedInOneRefusal() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("status", "refunded");
        bad.put("from", "yesterday");
        bad.put("to", "2026-11-01T00:00:00.000000000000000000000000000000Z"); // too long to be a date: refused, not ignored
        bad.put("limit", "101");
        bad.put("cursor", "");
        assertEquals(List.of("status", "from", "to", "cursor", "limit"), refusedFields(bad, true));
        assertEquals(List.of("to"), refusedFields(Map.of("from", "2026-11-02", "to", "2026-11-01"), true));
        assertEquals(List.of("limit"), refusedFields(Map.of("limit", "0"), true));
        assertEquals(List.of("limit"), refusedFields(Map.of("limit", "99999999999999999999"), true));
        assertEquals(List.of("status"), refusedFields(Map.of("status", "FAILED"), false), "the export takes no status");
    }
}
