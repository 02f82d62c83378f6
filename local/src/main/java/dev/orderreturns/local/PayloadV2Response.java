package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A function's payload format 2.0 response turned into the HTTP answer, as API Gateway does it:
 * {@code {statusCode, headers, multiValueHeaders, cookies, body, isBase64Encoded}}; output without
 * a {@code statusCode} is a 200 JSON body, and output that is no valid response is a 502.
 */
final class PayloadV2Response {

    private PayloadV2Response() {
    }

    /** Writes the answer for the function's {@code output} and returns the status sent. */
    static int write(HttpExchange exchange, String functionId, byte[] output) throws IOException {
        Object parsed;
        try {
            parsed = output.length == 0 ? null : JSON.std.anyFrom(output);
        } catch (IOException e) {
            parsed = null;
        }
        if (output.length == 0 || (parsed == null && !new String(output, StandardCharsets.UTF_8).strip().equals("null"))) {
            System.err.println(functionId + " returned no valid JSON; API Gateway answers 502");
            HttpExchanges.sendMessage(exchange, 502, "Internal Server Error");
            return 502;
        }
        if (!(parsed instanceof Map<?, ?> response) || !response.containsKey("statusCode")) {
            exchange.getResponseHeaders().set("content-type", "application/json");
            HttpExchanges.send(exchange, 200, output);
            return 200;
        }
        int status = statusCode(response.get("statusCode"));
        if (status < 100 || status > 599) {
            System.err.println(functionId + " returned statusCode " + response.get("statusCode")
                    + "; API Gateway answers 502");
            HttpExchanges.sendMessage(exchange, 502, "Internal Server Error");
            return 502;
        }
        Headers out = exchange.getResponseHeaders();
        if (response.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> {
                if (v != null && !isHopByHop(String.valueOf(k))) out.set(String.valueOf(k), String.valueOf(v));
            });
        }
        if (response.get("multiValueHeaders") instanceof Map<?, ?> multi) {
            multi.forEach((k, v) -> {
                if (v instanceof List<?> values && !isHopByHop(String.valueOf(k))) {
                    for (Object value : values) out.add(String.valueOf(k), String.valueOf(value));
                }
            });
        }
        if (response.get("cookies") instanceof List<?> cookies) {
            for (Object cookie : cookies) out.add("set-cookie", String.valueOf(cookie));
        }
        byte[] body = new byte[0];
        if (response.get("body") instanceof String text) {
            body = Boolean.TRUE.equals(response.get("isBase64Encoded"))
                    ? Base64.getMimeDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } else if (response.get("body") != null) {
            body = String.valueOf(response.get("body")).getBytes(StandardCharsets.UTF_8);
        }
        HttpExchanges.send(exchange, status, body);
        return status;
    }

    private static int statusCode(Object value) {
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The HTTP server frames the body itself: a function's values for these would corrupt it. */
    private static boolean isHopByHop(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return h.equals("content-length") || h.equals("transfer-encoding") || h.equals("connection");
    }
}
