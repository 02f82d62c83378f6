package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Payload 2.0 events as API Gateway hands them to the API functions, built field by field so tests
 * can leave out or spoil any of them; and the sample bodies of {@code events/*.json}.
 */
public final class ApiEvents {

    public static final String ALL_SCOPES = "orders:write returns:write returns:read";

    private final APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiEvents(String routeKey) {
        event.setVersion("2.0");
        event.setRouteKey(routeKey);
        event.setHeaders(headers);
        event.setIsBase64Encoded(false);
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRequestId("req-test");
        context.setRouteKey(routeKey);
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        if (routeKey != null && routeKey.contains(" ")) {
            http.setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
        }
        context.setHttp(http);
        event.setRequestContext(context);
    }

    /** An event for {@code routeKey} by account {@code acme} holding every scope, without body. */
    public static ApiEvents route(String routeKey) {
        return new ApiEvents(routeKey).claims(Map.of("sub", "operator-1", "account", "acme", "scope", ALL_SCOPES));
    }

    public ApiEvents method(String method) {
        event.getRequestContext().getHttp().setMethod(method);
        return this;
    }

    public ApiEvents path(String rawPath) {
        event.setRawPath(rawPath);
        event.getRequestContext().getHttp().setPath(rawPath);
        return this;
    }

    public ApiEvents pathParameters(Map<String, String> parameters) {
        event.setPathParameters(parameters);
        return this;
    }

    /** Query string parameters as API Gateway decodes them (repeated names comma-joined); null for none. */
    public ApiEvents query(Map<String, String> parameters) {
        event.setQueryStringParameters(parameters);
        return this;
    }

    public ApiEvents orderId(String orderId) {
        return pathParameters(Map.of("orderId", orderId));
    }

    public ApiEvents header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The claims as API Gateway passes them (all strings); null for a request without authorizer data. */
    public ApiEvents claims(Map<String, String> claims) {
        var context = event.getRequestContext();
        if (claims == null) {
            context.setAuthorizer(null);
            return this;
        }
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(new LinkedHashMap<>(claims));
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        context.setAuthorizer(authorizer);
        return this;
    }

    public ApiEvents jwtScopes(List<String> scopes) {
        event.getRequestContext().getAuthorizer().getJwt().setScopes(scopes);
        return this;
    }

    /** A JSON body as API Gateway passes text: a string, with content-type application/json. */
    public ApiEvents json(String body) {
        headers.putIfAbsent("content-type", "application/json");
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return this;
    }

    /** Body bytes as API Gateway passes anything it does not take for text: base64. */
    public ApiEvents bytes(byte[] body) {
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return this;
    }

    /** The body field exactly as given, with the given base64 flag. */
    public ApiEvents rawBody(String body, boolean base64) {
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        return event;
    }

    /** The {@code body} of {@code events/NAME.json}. */
    public static String sampleBody(String name) {
        Path file = Stream.of(Path.of("events"), Path.of("../events")).map(dir -> dir.resolve(name + ".json"))
                .filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("no events/" + name + ".json"));
        try {
            Object body = JSON.std.mapFrom(Files.readString(file)).get("body");
            if (!(body instanceof String text)) {
                throw new IllegalStateException("events/" + name + ".json has no body");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
