package dev.orderreturns.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.orderreturns.domain.Ids;
import dev.orderreturns.domain.Refusal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP API (payload 2.0) request, decoded: route key and path parameters as API Gateway matched
 * them, headers, the body (decoded once) and the caller from the JWT authorizer's claims.
 */
public final class ApiRequest {

    /** Larger bodies are refused (413); no return or order import needs more. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers;
    private byte[] body;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        this.headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
    }

    public String method() {
        var ctx = event.getRequestContext();
        if (ctx != null && ctx.getHttp() != null && ctx.getHttp().getMethod() != null) {
            return ctx.getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        String routeKey = event.getRouteKey();
        return routeKey != null && routeKey.contains(" ") ? routeKey.substring(0, routeKey.indexOf(' ')) : "GET";
    }

    public String path() {
        if (event.getRawPath() != null) {
            return event.getRawPath();
        }
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getHttp() != null && ctx.getHttp().getPath() != null ? ctx.getHttp().getPath() : "/";
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    /** A query string parameter as API Gateway decoded it (repeated ones comma-joined), or null. */
    public String queryParameter(String name) {
        return event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get(name);
    }

    /** A path parameter as API Gateway extracted it, or null. */
    public String pathParameter(String name) {
        return event.getPathParameters() == null ? null : event.getPathParameters().get(name);
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx == null ? null : ctx.getRequestId();
    }

    /** {@code value} when it is a well-formed id (account, order or return id), else null. */
    public static String idOrNull(String value) {
        return Ids.isId(value) ? value : null;
    }

    /** The token's account claim when it is a well-formed id, else null; never refuses (for logs). */
    public String accountClaim() {
        var ctx = event.getRequestContext();
        var authorizer = ctx == null ? null : ctx.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        return claims == null ? null : idOrNull(claims.get("account"));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A path parameter that must be an id (orderId, returnId); refused (400) otherwise. */
    public String pathId(String name) {
        String value = pathParameter(name);
        if (!Ids.isId(value)) {
            throw Refusal.invalid(name, Ids.RULE);
        }
        return value;
    }

    /** The body bytes, base64-decoded when API Gateway encoded them; refused when too large. */
    public byte[] body() {
        // Read once: the JSON parse and the idempotency fingerprint both need the bytes.
        if (body == null) {
            body = decodeBody();
        }
        return body;
    }

    private byte[] decodeBody() {
        String raw = event.getBody();
        if (raw == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            try {
                bytes = Base64.getDecoder().decode(raw);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("body", "is not valid base64");
            }
        } else if (JsonBody.isWellFormed(raw)) {
            bytes = raw.getBytes(StandardCharsets.UTF_8);
        } else {
            // getBytes would put '?' for half a surrogate pair: the body would no longer be what was sent
            throw Refusal.invalid("body", "is not valid Unicode text: it has an unpaired UTF-16 surrogate");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw Refusal.bodyTooLarge("body", MAX_BODY_BYTES);
        }
        return bytes;
    }

    /** The JSON object in the body; content types other than JSON are refused (415). */
    public Map<String, Object> jsonBody() {
        String type = header("content-type");
        if (type != null && !isJson(type)) {
            throw Refusal.unsupportedMediaType("content-type");
        }
        return JsonBody.parseObject(body());
    }

    /** {@code application/json} or a {@code +json} type, parameters (charset) aside. */
    static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    /** SHA-256 of the body, so a repeated request can be told from a different one. */
    public String bodyFingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The caller from the JWT authorizer's claims. API Gateway passes claims as strings; scopes come
     * from {@code jwt.scopes} or the {@code scope}/{@code scp} claim, split as API Gateway splits it
     * to check a route's scopes: on spaces only. Its docs point to RFC 6749 section 3.3, where scope
     * is space-delimited and a scope token may hold a comma, so "a,b" is one scope that grants
     * neither a nor b. An array claim arrives as API Gateway renders it, {@code [a b]}.
     */
    public Caller caller() {
        var ctx = event.getRequestContext();
        var authorizer = ctx == null ? null : ctx.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        if (claims == null || claims.isEmpty()) {
            throw Refusal.unauthenticated("a bearer token is required");
        }
        String account = claims.get("account");
        if (!Ids.isId(account)) {
            throw Refusal.unauthenticated("the token has no valid account claim");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (jwt.getScopes() != null) {
            scopes.addAll(jwt.getScopes());
        }
        for (String claim : new String[] {"scope", "scp"}) {
            String value = claims.get(claim);
            if (value != null) {
                String trimmed = value.strip();
                if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                    trimmed = trimmed.substring(1, trimmed.length() - 1);
                }
                Arrays.stream(trimmed.split(" +")).filter(s -> !s.isEmpty()).forEach(scopes::add);
            }
        }
        String subject = claims.getOrDefault("sub", "unknown");
        return new Caller(account, subject, scopes);
    }

    /** The caller, who must hold {@code scope} (403 otherwise). */
    public Caller callerWith(String scope) {
        Caller caller = caller();
        if (!caller.may(scope)) {
            throw Refusal.insufficientScope(scope);
        }
        return caller;
    }
}
