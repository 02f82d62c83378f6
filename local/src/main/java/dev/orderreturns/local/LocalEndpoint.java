package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local-only endpoint under {@code /_local/} (health, token, config, ledger, faults, reconcile).
 * Registered on {@link LocalHttpApi#register}, answered by {@link LocalEndpoints}; reached without
 * authorization.
 */
@FunctionalInterface
public interface LocalEndpoint {

    Response handle(Request request) throws Exception;

    /** Header names are lower case. */
    record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The body as a JSON object (an empty body is an empty object); 400 when it is not one. */
        public Map<String, Object> jsonObject() {
            if (body.length == 0) return new LinkedHashMap<>();
            try {
                Object value = JSON.std.anyFrom(body);
                if (value instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) m;
                    return map;
                }
            } catch (IOException e) {
                throw new BadRequestException("the body is not valid JSON: " + e.getMessage());
            }
            throw new BadRequestException("the body must be a JSON object");
        }

        /** Answers 405 unless the method is the expected one. */
        public void requireMethod(String expected) {
            if (!expected.equals(method)) throw new MethodNotAllowedException(expected);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        public static Response json(int status, Object value) {
            try {
                return new Response(status, Map.of("content-type", "application/json"), JSON.std.asBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
            }
        }

        public static Response message(int status, String message) {
            return json(status, Map.of("message", message));
        }
    }

    /** Answered as 400 {"message": ...}. */
    final class BadRequestException extends RuntimeException {
        public BadRequestException(String message) {
            super(message);
        }
    }

    /** Answered as 405 with an Allow header. */
    final class MethodNotAllowedException extends RuntimeException {
        private final String allowed;

        public MethodNotAllowedException(String allowed) {
            super("Method Not Allowed");
            this.allowed = allowed;
        }

        public String allowed() {
            return allowed;
        }
    }
}
