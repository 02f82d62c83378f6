package dev.orderreturns.functions.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Refusal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of request bodies: one JSON object, no duplicate keys, nothing after it, and
 * typed field reads that collect every problem with its JSON path. Money and quantities are whole
 * numbers that fit a {@code long}; anything else is named and refused, never rounded or wrapped.
 */
public final class JsonBody {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .build();
    private static final JSON READER = JSON.builder(FACTORY)
            .enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .build();

    /** An object in an array of the body, with its JSON path (e.g. {@code items[2]}) and its index there. */
    public record Element(Map<String, Object> object, String path, int index) {
    }

    /** At most this many problems are listed; a 256 KB body can hold 170,000 of them. */
    public static final int MAX_LISTED_PROBLEMS = 100;

    private final List<FieldError> problems = new ArrayList<>();
    private final Set<String> named = new HashSet<>();
    private int unlisted;

    /**
     * Parses the body as a JSON object, or refuses it (400): a number no BigDecimal can hold is
     * named by its JSON path (e.g. {@code items[0].itemIndex}), anything else that is not one JSON
     * object by {@code body}.
     */
    public static Map<String, Object> parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw Refusal.invalid("body", "a JSON object is required");
        }
        JsonParser parser = null;
        try {
            parser = FACTORY.createParser(body);
            Object value = READER.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw Refusal.invalid("body", "unexpected content after the JSON object");
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw Refusal.invalid("body", "must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        } catch (Refusal refusal) {
            throw refusal;
        } catch (JsonProcessingException e) {
            if (isNumberOverflow(e, parser)) {
                throw numberOutOfRange(parser);
            }
            throw Refusal.invalid("body", "malformed JSON: " + echoable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw Refusal.invalid("body", "unreadable JSON");
        } catch (RuntimeException e) {
            // jackson-jr reads the first value of an object or array outside the try that wraps
            // the others, so BigDecimal's NumberFormatException (an exponent beyond an int, as in
            // 1e-2147483649) escapes bare there. Whatever else escapes, the body is what is wrong.
            if (isNumberOverflow(e, parser)) {
                throw numberOutOfRange(parser);
            }
            throw Refusal.invalid("body", "unreadable JSON");
        } finally {
            closeQuietly(parser);
        }
    }

    /**
     * Whether reading failed on a number no BigDecimal holds. jackson-jr wraps that failure, except
     * on a first value, in an exception without cause, so the number the parser stopped at is
     * checked too (on a syntax error the parser still stands on the token before, which parses).
     */
    private static boolean isNumberOverflow(Throwable e, JsonParser parser) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NumberFormatException || t instanceof ArithmeticException) {
                return true;
            }
        }
        if (parser == null || parser.currentToken() == null || !parser.currentToken().isNumeric()) {
            return false;
        }
        try {
            new BigDecimal(parser.getText());
            return false;
        } catch (NumberFormatException | ArithmeticException | IOException bad) {
            return true;
        }
    }

    /**
     * A parser message fit to send back: it may quote the offending input, which can be half a
     * surrogate pair (bytes ED A0 80 between tokens) that no UTF-8 answer can carry, or be long.
     */
    static String echoable(String message) {
        StringBuilder out = new StringBuilder();
        String text = String.valueOf(message);
        int i = 0;
        for (; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out + "..." : out.toString();
    }

    private static Refusal numberOutOfRange(JsonParser parser) {
        String path = parser == null ? "" : pathOf(parser.getParsingContext());
        return Refusal.invalid(path.isEmpty() ? "body" : path, "is a number out of range");
    }

    /** The JSON path of the value the parser is at, in the paths problems use: {@code a.b[2].c}. */
    static String pathOf(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(c);
        }
        StringBuilder path = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                path.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
            } else {
                String name = c.getCurrentName();
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(name == null ? "" : name);
            }
        }
        return path.toString();
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException | RuntimeException ignored) {
                // a byte array holds no resource
            }
        }
    }

    /**
     * Refuses (400) with the problems collected so far, the first 100 listed and the rest counted
     * (so the answer stays far below Lambda's 6 MB); does nothing when there are none.
     */
    public void refuseIfProblems() {
        if (problems.isEmpty()) {
            return;
        }
        if (unlisted == 0) {
            throw Refusal.invalid(problems);
        }
        List<FieldError> listed = new ArrayList<>(problems);
        listed.add(new FieldError("body", "and " + unlisted + " more problems, not listed"));
        throw Refusal.invalid(listed);
    }

    /**
     * Records a problem; a field that already has one keeps it. The first is the most specific
     * (a wrong type before the rule the resulting null then fails, e.g. "is required").
     */
    public void problem(String field, String message) {
        if (!named.add(field)) {
            return;
        }
        if (problems.size() < MAX_LISTED_PROBLEMS) {
            problems.add(new FieldError(field, message));
        } else {
            unlisted++;
        }
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public String string(Map<String, Object> object, String name, String path, boolean required) {
        Object value = object.get(name);
        if (value == null) {
            if (required) problem(path, "is required");
            return null;
        }
        if (!(value instanceof String s)) {
            problem(path, "must be a string");
            return null;
        }
        if (!isWellFormed(s)) {
            // A JSON escape can spell half a surrogate pair; UTF-8 (the wire, DynamoDB) cannot
            // carry one, and encoding it would store '?' instead of what was sent.
            problem(path, "must be valid Unicode text: it has an unpaired UTF-16 surrogate");
            return null;
        }
        return s;
    }

    /** True when every surrogate in {@code s} is half of a high-low pair. */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A whole number that fits a long; {@code fallback} when absent and not required. */
    public long wholeNumber(Map<String, Object> object, String name, String path, boolean required, long fallback) {
        Object value = object.get(name);
        if (value == null) {
            if (required) problem(path, "is required");
            return fallback;
        }
        return wholeNumber(value, path, fallback);
    }

    /** Cents given as a JSON number or a string of digits (the platform sends both). */
    public long centsOrDigits(Map<String, Object> object, String name, String path, boolean required) {
        Object value = object.get(name);
        if (value == null) {
            if (required) problem(path, "is required");
            return 0;
        }
        if (value instanceof String s) {
            if (!s.matches("-?[0-9]{1,19}")) {
                problem(path, "must be a whole number of cents, as a number or a string of digits");
                return 0;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                problem(path, "is out of range");
                return 0;
            }
        }
        return wholeNumber(value, path, 0);
    }

    private long wholeNumber(Object value, String path, long fallback) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            problem(path, "is out of range");
            return fallback;
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                problem(path, d.stripTrailingZeros().scale() > 0 ? "must be a whole number (integer cents or units)"
                        : "is out of range");
                return fallback;
            }
        }
        if (value instanceof Number) {
            problem(path, "must be a whole number (integer cents or units)");
            return fallback;
        }
        problem(path, "must be a number");
        return fallback;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(Map<String, Object> object, String name, String path, boolean required) {
        Object value = object.get(name);
        if (value == null) {
            if (required) problem(path, "is required");
            return null;
        }
        if (!(value instanceof List<?> list)) {
            problem(path, "must be an array");
            return null;
        }
        return (List<Object>) list;
    }

    /**
     * The objects of the array member {@code name}, each with its path; an absent array is empty
     * (a problem when required), and a non-object element is a problem and skipped.
     */
    public List<Element> objects(Map<String, Object> object, String name, String path, boolean required) {
        List<Object> list = list(object, name, path, required);
        List<Element> elements = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String elementPath = path + "[" + i + "]";
                Map<String, Object> element = asObject(list.get(i), elementPath);
                if (element != null) {
                    elements.add(new Element(element, elementPath, i));
                }
            }
        }
        return elements;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(Map<String, Object> object, String name, String path, boolean required) {
        Object value = object.get(name);
        if (value == null) {
            if (required) problem(path, "is required");
            return null;
        }
        return asObject(value, path);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> asObject(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            problem(path, "must be an object");
            return null;
        }
        return (Map<String, Object>) map;
    }
}
