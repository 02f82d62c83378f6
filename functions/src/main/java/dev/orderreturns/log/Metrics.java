package dev.orderreturns.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line on standard output
 * with an {@code _aws} directive, which CloudWatch Logs turns into metrics in namespace
 * {@value #NAMESPACE} with the single dimension {@value #DIMENSION} (the Lambda function name).
 * No SDK and no PutMetricData call: nothing is added to cold start or to the invocation's latency.
 *
 * <p>Only the function name is a dimension, to keep the number of metrics (and their cost) fixed.
 * Everything else on the line ({@code Currency}, the invocation's requestId and ids) is a plain
 * property: searchable in Logs Insights, never a new metric.
 */
public final class Metrics {

    public static final String NAMESPACE = "OrderReturns";
    public static final String DIMENSION = "Function";
    /** The dimension value when no function name is known (unit tests, tools outside Lambda). */
    static final String UNKNOWN_FUNCTION = "unknown";

    public static final String COUNT = "Count";
    public static final String NONE = "None";

    /** Keys the line itself uses; a metric or property by one of these names would corrupt it. */
    private static final Set<String> RESERVED = Set.of("_aws", DIMENSION, "timestamp", "level", "event", "function",
            "requestId");

    private Metrics() {
    }

    /** One metric value: a count, or an amount in minor currency units (unit {@value #NONE}). */
    public record Metric(String name, long value, String unit) {

        public Metric {
            if (name == null || name.isBlank() || RESERVED.contains(name)) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
        }

        public static Metric count(String name) {
            return new Metric(name, 1, COUNT);
        }

        public static Metric count(String name, long n) {
            return new Metric(name, n, COUNT);
        }

        /** Money in minor units (cents). Unit None: CloudWatch has no currency unit. */
        public static Metric amount(String name, long minorUnits) {
            return new Metric(name, minorUnits, NONE);
        }
    }

    /** Writes one EMF line with these metrics and properties (e.g. account, orderId, Currency). */
    public static void emit(Map<String, ?> properties, Metric... metrics) {
        if (metrics.length == 0) {
            return;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        Log.putContext(context);
        String function = Log.function();
        Log.emit(document(Instant.now(), function != null ? function : UNKNOWN_FUNCTION, context, properties,
                List.of(metrics)));
    }

    /**
     * The EMF document: the {@code _aws} metadata (Timestamp in epoch milliseconds, one directive
     * naming the namespace, the dimension set and each metric's name and unit), the dimension's
     * value, and each metric's value as a top-level member, as the specification requires.
     */
    static Map<String, Object> document(Instant at, String function, Map<String, ?> context,
                                        Map<String, ?> properties, List<Metric> metrics) {
        List<Map<String, Object>> definitions = new ArrayList<>();
        for (Metric metric : metrics) {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("Name", metric.name());
            definition.put("Unit", metric.unit());
            definitions.add(definition);
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of(DIMENSION)));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", at.toEpochMilli());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put(DIMENSION, function);
        // The fields of every log line, so one Logs Insights query finds both; the function name is
        // already there as the dimension, and a second key differing only in case would confuse queries.
        line.put("timestamp", at.toString());
        line.put("level", "INFO");
        line.put("event", "metrics");
        context.forEach((key, value) -> {
            if (!key.equalsIgnoreCase(DIMENSION)) {
                line.put(key, value);
            }
        });
        properties.forEach((key, value) -> {
            if (value != null && !RESERVED.contains(key)) {
                line.put(key, value);
            }
        });
        for (Metric metric : metrics) {
            line.put(metric.name(), metric.value());
        }
        return line;
    }
}
