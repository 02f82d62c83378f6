package dev.orderreturns.store.dynamodb;

import java.util.List;
import java.util.Map;

/** Reading a JSON tree (maps, lists, numbers, strings) as jackson-jr parses a stored document. */
final class Tree {

    private Tree() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }

    static long num(Object value) {
        return ((Number) value).longValue();
    }

    static int integer(Object value) {
        return ((Number) value).intValue();
    }
}
