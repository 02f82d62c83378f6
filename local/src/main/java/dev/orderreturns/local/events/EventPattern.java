package dev.orderreturns.local.events;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EventBridge event pattern, limited to what the local stack can match exactly as EventBridge
 * does: fields, top-level or nested (in {@code detail}), each with an array of literal strings,
 * booleans or nulls; an event matches when every field of the pattern is in the event with one of
 * those values (for an array in the event, when any of its elements is one of them). Everything
 * else of the pattern language (prefix, anything-but, numeric, exists, wildcard, {@code $or}, exact
 * numbers) is refused when the rule is read: a rule is skipped with a warning saying why rather
 * than matched wrongly.
 */
public final class EventPattern {

    /** The pattern uses something the local stack does not match; the message says what and where. */
    public static final class UnsupportedPatternException extends IllegalArgumentException {
        UnsupportedPatternException(String message) {
            super(message);
        }
    }

    private final Map<String, Object> pattern;

    private EventPattern(Map<String, Object> pattern) {
        this.pattern = pattern;
    }

    /**
     * Reads a pattern as CloudFormation takes it: a mapping, or a JSON string of one.
     *
     * @throws UnsupportedPatternException when it is not a pattern, or uses what is not matched locally
     */
    public static EventPattern parse(Object pattern) {
        Object value = pattern;
        if (pattern instanceof String json) {
            try {
                value = JSON.std.anyFrom(json);
            } catch (IOException e) {
                throw new UnsupportedPatternException("the pattern is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new UnsupportedPatternException("a pattern is a non-empty JSON object, not " + value);
        }
        return new EventPattern(check(map, ""));
    }

    private static Map<String, Object> check(Map<?, ?> map, String path) {
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String field = String.valueOf(entry.getKey());
            String where = path.isEmpty() ? field : path + "." + field;
            if (field.startsWith("$")) {
                throw new UnsupportedPatternException(where + ": " + field + " is not matched locally");
            }
            switch (entry.getValue()) {
                case Map<?, ?> nested when !nested.isEmpty() -> checked.put(field, check(nested, where));
                case List<?> values when !values.isEmpty() -> {
                    for (Object v : values) {
                        if (v instanceof Map<?, ?> filter) {
                            throw new UnsupportedPatternException(where + ": the content filter " + filter
                                    + " is not matched locally (only exact values are)");
                        }
                        if (v instanceof Number) {
                            // EventBridge's exact match on numbers has rules of its own (300 vs 300.0)
                            throw new UnsupportedPatternException(where + ": exact match on the number " + v
                                    + " is not matched locally (only strings, booleans and null are)");
                        }
                        if (v != null && !(v instanceof String) && !(v instanceof Boolean)) {
                            throw new UnsupportedPatternException(where + ": " + v + " is not a value to match");
                        }
                    }
                    checked.put(field, List.copyOf(values.stream().map(v -> v == null ? NULL : v).toList()));
                }
                case null, default -> throw new UnsupportedPatternException(where
                        + ": each field of a pattern takes a non-empty array of values or a nested object, not "
                        + entry.getValue());
            }
        }
        return checked;
    }

    /** Stands for JSON null in a checked pattern (List.copyOf takes no nulls). */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** True when the event (its envelope, {@code detail} as an object) matches the pattern. */
    public boolean matches(Map<String, Object> event) {
        return matches(pattern, event);
    }

    private static boolean matches(Map<String, Object> pattern, Map<?, ?> event) {
        for (Map.Entry<String, Object> entry : pattern.entrySet()) {
            if (!event.containsKey(entry.getKey())) {
                return false; // a missing field matches nothing, not even [null]
            }
            Object value = event.get(entry.getKey());
            boolean matched = switch (entry.getValue()) {
                case Map<?, ?> nested -> value instanceof Map<?, ?> object && matches(cast(nested), object);
                case List<?> values -> value instanceof List<?> elements
                        ? elements.stream().anyMatch(e -> isOneOf(e, values)) : isOneOf(value, values);
                default -> false;
            };
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOneOf(Object value, List<?> values) {
        if (value == null) {
            return values.contains(NULL);
        }
        // only strings and booleans are in a checked pattern; a number or an object equals neither
        return (value instanceof String || value instanceof Boolean) && values.contains(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}
