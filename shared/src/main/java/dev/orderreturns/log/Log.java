package dev.orderreturns.log;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per meaningful event on standard output, which Lambda sends to CloudWatch Logs.
 * Callers pass identifiers (account, orderId, returnId, requestId), never tokens, card data or e-mails.
 */
public final class Log {

    private static volatile PrintStream out = System.out;

    private Log() {
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
        line.putAll(fields);
        if (error != null) {
            line.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        try {
            out.println(JSON.std.asString(line));
        } catch (IOException e) {
            out.println("{\"level\":\"ERROR\",\"event\":\"log.unwritable\",\"about\":\"" + event + "\"}");
        }
    }
}
