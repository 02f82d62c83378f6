package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Reading a bounded request body and writing an answer, the same way for every part of the local
 * HTTP API (API routes, {@code /_local/} endpoints, the web page), so they cannot drift apart.
 */
final class HttpExchanges {
    /** Beyond this, an oversized body is not read to the end: the connection is closed instead. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private HttpExchanges() {
    }

    /** The body was over the limit; answered as API Gateway does, with 413. */
    static final class BodyTooLargeException extends Exception {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }

    /** Reads the body up to {@code maxBytes}; a larger one is drained (so the client can read our 413) and refused. */
    static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException, BodyTooLargeException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException ignored) {
                // HttpServer rejects malformed lengths itself; treat as unknown
            }
        }
        if (length > maxBytes) {
            drain(in);
            throw new BodyTooLargeException();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + n > maxBytes) {
                drain(in);
                throw new BodyTooLargeException();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and drops the body (up to a bound), so the client can read an answer sent before it. */
    static void discardBody(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
    }

    /**
     * {@code text} fit for one log line: control characters shown as '?' (a line break in a path
     * or header would forge a line), and cut to {@code max} characters, never inside a surrogate
     * pair, saying how long it was.
     */
    static String loggable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        int end = text.length();
        if (end > max) {
            String note = "...(" + end + " chars)";
            end = Math.max(0, max - note.length());
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
            appendPrintable(out, text, end);
            return out.append(note).toString();
        }
        appendPrintable(out, text, end);
        return out.toString();
    }

    private static void appendPrintable(StringBuilder out, String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; total < MAX_DRAIN_BYTES && (n = in.read(buffer)) > 0; ) total += n;
    }

    /** API Gateway's own answers: {@code {"message": ...}} as JSON. */
    static void sendMessage(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json");
        send(exchange, status, JSON.std.asBytes(Map.of("message", message)));
    }

    /** Sends status and body; no body for HEAD, 1xx, 204 and 304, as HTTP requires. */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || status < 200
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
