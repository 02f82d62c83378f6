package dev.orderreturns.log;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.log.Metrics.Metric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lines {@link Metrics} writes are CloudWatch embedded metric format documents: an {@code _aws}
 * member with an epoch-millisecond Timestamp and one directive (namespace OrderReturns, the one
 * dimension set [Function], each metric's name and unit), and every dimension and metric the
 * directive names present as a top-level member of the right type.
 */
class MetricsTest {

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.std.mapFrom(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }

    private static Map<String, Object> emitOne(Runnable emit) {
        List<String> lines = StdoutCapture.lines(emit);
        assertEquals(1, lines.size(), lines.toString());
        return parse(lines.getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> directive(Map<String, Object> doc) {
        Map<String, Object> aws = (Map<String, Object>) doc.get("_aws");
        List<Object> directives = (List<Object>) aws.get("CloudWatchMetrics");
        assertEquals(1, directives.size());
        return (Map<String, Object>) directives.getFirst();
    }

    /** What the EMF specification requires of a document, checked member by member. */
    @SuppressWarnings("unchecked")
    private static void assertValidEmf(Map<String, Object> doc) {
        Map<String, Object> aws = assertInstanceOf(Map.class, doc.get("_aws"));
        Number timestamp = assertInstanceOf(Number.class, aws.get("Timestamp"));
        long now = System.currentTimeMillis();
        assertTrue(Math.abs(now - timestamp.longValue()) < 60_000, "Timestamp is epoch milliseconds: " + timestamp);
        List<Object> directives = assertInstanceOf(List.class, aws.get("CloudWatchMetrics"));
        assertFalse(directives.isEmpty());
        for (Object d : directives) {
            Map<String, Object> directive = assertInstanceOf(Map.class, d);
            assertInstanceOf(String.class, directive.get("Namespace"));
            List<Object> dimensionSets = assertInstanceOf(List.class, directive.get("Dimensions"));
            for (Object set : dimensionSets) {
                List<Object> names = assertInstanceOf(List.class, set);
                assertTrue(names.size() <= 30);
                for (Object name : names) {
                    // Dimension values must be strings on the root node.
                    assertInstanceOf(String.class, doc.get((String) name), "dimension " + name);
                }
            }
            List<Object> metrics = assertInstanceOf(List.class, directive.get("Metrics"));
            assertFalse(metrics.isEmpty());
            assertTrue(metrics.size() <= 100);
            for (Object m : metrics) {
                Map<String, Object> metric = assertInstanceOf(Map.class, m);
                String name = assertInstanceOf(String.class, metric.get("Name"));
                assertTrue(List.of("Count", "None").contains(metric.get("Unit")), metric.toString());
                assertInstanceOf(Number.class, doc.get(name), "metric " + name + " has a numeric value");
            }
        }
    }

    @Test
    void aCountIsOneEmfLineWithNamespaceFunctionDimensionAndValue() {
        Map<String, Object> doc = emitOne(() -> {
            try (Log.Scope scope = Log.begin("WriteApiFunction-abc123", "req-1")) {
                Metrics.emit(Map.of("account", "acme", "orderId", "o-1", "returnId", "ret-1"),
                        Metric.count("ReturnsSubmitted"));
            }
        });
        assertValidEmf(doc);
        Map<String, Object> directive = directive(doc);
        assertEquals("OrderReturns", directive.get("Namespace"));
        assertEquals(List.of(List.of("Function")), directive.get("Dimensions"));
        assertEquals(List.of(Map.of("Name", "ReturnsSubmitted", "Unit", "Count")), directive.get("Metrics"));
        assertEquals("WriteApiFunction-abc123", doc.get("Function"));
        assertEquals(1, ((Number) doc.get("ReturnsSubmitted")).intValue());
        // The correlation fields of every log line, as plain properties.
        assertEquals("req-1", doc.get("requestId"));
        assertFalse(doc.containsKey("function"), "the name is the dimension; no second key differing in case");
        assertEquals("acme", doc.get("account"));
        assertEquals("ret-1", doc.get("returnId"));
        assertEquals("INFO", doc.get("level"));
    }

    @Test
    void anAmountIsInMinorUnitsWithUnitNoneAndTheCurrencyIsAPropertyNotADimension() {
        Map<String, Object> doc = emitOne(() -> {
            try (Log.Scope scope = Log.begin("RefundProcessorFunction-x", "msg-1")) {
                Metrics.emit(Map.of("Currency", "USD"), Metric.count("RefundsCompleted"),
                        Metric.amount("RefundAmount", 7500));
            }
        });
        assertValidEmf(doc);
        Map<String, Object> directive = directive(doc);
        assertEquals(List.of(Map.of("Name", "RefundsCompleted", "Unit", "Count"),
                Map.of("Name", "RefundAmount", "Unit", "None")), directive.get("Metrics"));
        assertEquals(List.of(List.of("Function")), directive.get("Dimensions"));
        assertEquals(7500, ((Number) doc.get("RefundAmount")).intValue());
        assertEquals("USD", doc.get("Currency"));
    }

    @Test
    void severalCountsShareOneDirective() {
        Map<String, Object> doc = emitOne(() -> Metrics.emit(Map.of(), Metric.count("ReconcilerFound", 3),
                Metric.count("ReconcilerReenqueued", 2), Metric.count("ReconcilerFailed", 1),
                Metric.count("ReconcilerSkipped", 0)));
        assertValidEmf(doc);
        assertEquals(4, ((List<?>) directive(doc).get("Metrics")).size());
        assertEquals(3, ((Number) doc.get("ReconcilerFound")).intValue());
        assertEquals(0, ((Number) doc.get("ReconcilerSkipped")).intValue());
    }

    @Test
    void withoutAFunctionNameTheDimensionStillHasAStringValue() {
        Map<String, Object> doc = Metrics.document(Instant.now(), Metrics.UNKNOWN_FUNCTION, Map.of(), Map.of(),
                List.of(Metric.count("FailedRefunds")));
        assertValidEmf(doc);
        assertEquals("unknown", doc.get("Function"));
    }

    @Test
    void theTimestampIsTheMetricsTimeInEpochMilliseconds() {
        Instant at = Instant.parse("2025-11-26T09:15:01.123Z");
        Map<String, Object> doc = Metrics.document(at, "f", Map.of(), Map.of(), List.of(Metric.count("ManualRefunds")));
        @SuppressWarnings("unchecked")
        Map<String, Object> aws = (Map<String, Object>) doc.get("_aws");
        assertEquals(1764148501123L, ((Number) aws.get("Timestamp")).longValue());
    }

    @Test
    void propertiesCannotOverwriteTheDimensionOrTheMetadata() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Function", "spoofed");
        properties.put("_aws", "spoofed");
        properties.put("note", null);
        Map<String, Object> doc = Metrics.document(Instant.now(), "real", Map.of(), properties,
                List.of(Metric.count("RefundRetries")));
        assertValidEmf(doc);
        assertEquals("real", doc.get("Function"));
        assertFalse(doc.containsKey("note"));
    }

    @Test
    void metricNamesThatWouldClashWithTheLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metric.count("Function"));
        assertThrows(IllegalArgumentException.class, () -> Metric.count("_aws"));
        assertThrows(IllegalArgumentException.class, () -> Metric.count(" "));
    }

    @Test
    void noMetricsNoLine() {
        assertEquals(List.of(), StdoutCapture.lines(() -> Metrics.emit(Map.of())));
    }
}
