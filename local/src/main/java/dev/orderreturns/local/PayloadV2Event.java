package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API Gateway HTTP API payload format 2.0 event a function receives for one request, built
 * field by field as API Gateway builds it; also API Gateway's request ids and query-string rules,
 * which the event and the access log share.
 */
final class PayloadV2Event {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** API Gateway writes {@code "scopes": null}; jackson-jr drops null values unless told not to. */
    private static final JSON EVENT_JSON = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private PayloadV2Event() {
    }

    /** The event as the JSON bytes a function is invoked with; {@code claims} null for routes without an authorizer. */
    static byte[] json(HttpExchange exchange, HttpRoutes.Match match, Map<String, String> claims, byte[] body,
                       String requestId) throws IOException {
        return EVENT_JSON.asBytes(of(exchange, match, claims, body, requestId));
    }

    static Map<String, Object> of(HttpExchange exchange, HttpRoutes.Match match, Map<String, String> claims,
                                  byte[] body, String requestId) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                // 2.0 moves cookies out of the headers into their own array
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) cookies.add(cookie.strip());
                    }
                }
            } else {
                headers.merge(key, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-port", String.valueOf(exchange.getLocalAddress().getPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
                + HexFormat.of().formatHex(randomBytes(12)));
        String host = headers.getOrDefault("host", "127.0.0.1");
        String domainName = host.replaceFirst(":\\d+$", "");
        String domainPrefix = domainName.matches("[0-9.]+|\\[.*]") || !domainName.contains(".")
                ? domainName : domainName.substring(0, domainName.indexOf('.'));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (!cookies.isEmpty()) event.put("cookies", cookies);
        event.put("headers", headers);
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) event.put("queryStringParameters", query);

        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("accountId", LocalResources.ACCOUNT_ID);
        requestContext.put("apiId", LocalResources.API_ID);
        if (claims != null) {
            Map<String, Object> jwt = new LinkedHashMap<>();
            jwt.put("claims", claims);
            jwt.put("scopes", null);
            requestContext.put("authorizer", Map.of("jwt", jwt));
        }
        requestContext.put("domainName", domainName);
        requestContext.put("domainPrefix", domainPrefix);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        requestContext.put("http", http);
        requestContext.put("requestId", requestId);
        requestContext.put("routeKey", match.route().routeKey());
        requestContext.put("stage", "$default");
        requestContext.put("time", REQUEST_TIME.format(now));
        requestContext.put("timeEpoch", now.toEpochMilli());
        event.put("requestContext", requestContext);

        if (!match.pathParameters().isEmpty()) event.put("pathParameters", match.pathParameters());
        boolean base64 = false;
        if (body.length > 0) {
            String text = isText(headers.get("content-type")) ? utf8(body) : null;
            if (text != null) {
                event.put("body", text);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                base64 = true;
            }
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /**
     * The body as text when it is valid UTF-8, else null (then it goes base64-encoded). The 2.0
     * payload has {@code isBase64Encoded}, but the AWS docs do not say when an HTTP API sets it
     * (binaryMediaTypes and contentHandling are REST API settings; for HTTP APIs, AWS's own
     * articles say the encoding is inferred from the content type), nor what happens to bytes
     * that are not UTF-8 under a text type. A JSON string cannot carry them: decoding would put
     * U+FFFD in their place and the function would take an altered body for the one sent. Passing
     * them base64-encoded lets the function see, and refuse, what was really sent.
     */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Text and JSON bodies reach the function as strings; anything else (or no content type) as base64. */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json");
    }

    /** Decoded query parameters; a repeated name gets its values comma-joined, as API Gateway does. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decodeQuery(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed escapes pass through as sent
        }
    }

    /** A new request id in API Gateway's shape, e.g. {@code UqKxLgBvIAMESmQ=}. */
    static String newRequestId() {
        return Base64.getEncoder().encodeToString(randomBytes(11));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
