package dev.orderreturns.log;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON line per meaningful event on standard output, which Lambda sends to CloudWatch Logs.
 * Callers pass identifiers (account, orderId, returnId), never tokens, card data, e-mails or
 * request bodies.
 *
 * <p>Every line also carries the invocation's correlation fields: the handler opens a {@link Scope}
 * with {@link #begin} when an invocation (or, for the refund processor, each queue message) starts,
 * and every line written on that thread until the scope closes gets {@code function},
 * {@code requestId} and, once known, {@code account}, {@code orderId} and {@code returnId}. The
 * domain therefore never passes request ids around. The context is per thread, so invocations
 * running side by side (as the local stack runs them) never see each other's ids.
 */
public final class Log {

    private static final ThreadLocal<Context> CONTEXT = new ThreadLocal<>();
    /** Set while this thread runs work whose lines and metrics must not be written (priming). */
    private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

    private Log() {
    }

    /** The correlation fields of the invocation running on this thread. */
    private record Context(String function, Map<String, String> fields) {
    }

    /** Ends an invocation's context (and restores an enclosing one, if any). */
    public static final class Scope implements AutoCloseable {
        private final Context previous;

        private Scope(Context previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CONTEXT.remove();
            } else {
                CONTEXT.set(previous);
            }
        }
    }

    /**
     * Starts an invocation's context on this thread: use it in try-with-resources around the
     * invocation (or one queue message). {@code function} null means the container's
     * {@code AWS_LAMBDA_FUNCTION_NAME}.
     */
    public static Scope begin(String function, String requestId) {
        Context previous = CONTEXT.get();
        Map<String, String> fields = new LinkedHashMap<>();
        if (requestId != null && !requestId.isEmpty()) {
            fields.put("requestId", requestId);
        }
        CONTEXT.set(new Context(function != null && !function.isEmpty() ? function : Defaults.FUNCTION, fields));
        return new Scope(previous);
    }

    /** Adds the ids the invocation has learnt (nulls are ignored) to every later line of its context. */
    public static void identify(String account, String orderId, String returnId) {
        Context context = CONTEXT.get();
        if (context == null) {
            return;
        }
        if (account != null) {
            context.fields().put("account", account);
        }
        if (orderId != null) {
            context.fields().put("orderId", orderId);
        }
        if (returnId != null) {
            context.fields().put("returnId", returnId);
        }
    }

    /** The function name lines and metrics are attributed to, or null outside Lambda and any scope. */
    public static String function() {
        Context context = CONTEXT.get();
        return context != null ? context.function() : Defaults.FUNCTION;
    }

    /**
     * Runs {@code work} on this thread writing no line and no metric: SnapStart priming drives the
     * request paths with sample requests, and their reports (a return submitted, a refund paid)
     * would be false records of things that never happened.
     */
    public static void quietly(Runnable work) {
        Boolean enclosing = QUIET.get();
        QUIET.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            if (enclosing == null) {
                QUIET.remove();
            }
        }
    }

    public static void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields, null);
    }

    public static void warn(String event, Map<String, ?> fields, Throwable error) {
        write("WARN", event, fields, error);
    }

    public static void error(String event, Map<String, ?> fields, Throwable error) {
        write("ERROR", event, fields, error);
    }

    private static void write(String level, String event, Map<String, ?> fields, Throwable error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        putContext(line);
        line.putAll(fields);
        if (error != null) {
            line.put("error", describe(error));
        }
        emit(line);
    }

    /** The correlation fields ({@code function}, {@code requestId}, ids) of this thread's invocation. */
    static void putContext(Map<String, Object> line) {
        Context context = CONTEXT.get();
        String function = context != null ? context.function() : Defaults.FUNCTION;
        if (function != null) {
            line.put("function", function);
        }
        if (context != null) {
            line.putAll(context.fields());
        }
    }

    /** Class and (masked, shortened) message: never a stack trace, which could quote a body. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : error.getClass().getSimpleName() + ": " + scrub(message);
    }

    static String scrub(String text) {
        String s = Scrubber.BEARER.matcher(text).replaceAll("[token]");
        s = Scrubber.JWT.matcher(s).replaceAll("[token]");
        s = Scrubber.EMAIL.matcher(s).replaceAll("[e-mail]");
        s = Scrubber.CARD_LIKE.matcher(s).replaceAll("[number]");
        s = Scrubber.LINE_BREAKS.matcher(s).replaceAll(" ");
        return s.length() <= Scrubber.MAX_CHARS ? s : s.substring(0, Scrubber.MAX_CHARS) + "...";
    }

    /**
     * Defence in depth for exception messages, the one text no caller controls: tokens, e-mails
     * and card-number-like digit runs are masked, and long messages are cut. A holder class, so
     * the patterns are compiled on the first logged error, not on the cold-start path.
     */
    private static final class Scrubber {
        static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
        static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*)*");
        static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");
        static final Pattern CARD_LIKE = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");
        static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
        static final int MAX_CHARS = 300;
    }

    /**
     * Writes one line to the current {@code System.out} (looked up per line, so the Lambda runtime's
     * redirection and a test's capture both apply). One {@code println} per line keeps lines whole
     * when invocations write concurrently.
     */
    static void emit(Map<String, Object> line) {
        if (QUIET.get() != null) {
            return;
        }
        String text;
        try {
            text = JSON.std.asString(line);
        } catch (IOException e) {
            text = "{\"level\":\"ERROR\",\"event\":\"log.unwritable\",\"about\":\"" + line.get("event") + "\"}";
        }
        System.out.println(text);
    }

    /** Read once per container: the name is fixed for a function's lifetime (and SnapStart restores). */
    private static final class Defaults {
        static final String FUNCTION = setting("AWS_LAMBDA_FUNCTION_NAME");

        private static String setting(String name) {
            String value = System.getenv(name);
            if (value == null || value.isEmpty()) {
                value = System.getProperty(name);
            }
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
