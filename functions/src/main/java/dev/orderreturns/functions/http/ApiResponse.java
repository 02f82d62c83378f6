package dev.orderreturns.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Refusal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shapes API answers: JSON bodies, and errors as RFC 9457 problem details. */
public final class ApiResponse {

    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private ApiResponse() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(write(body)).withIsBase64Encoded(false).build();
    }

    /** A text body (CSV, say) with its own content type among {@code headers}. */
    public static APIGatewayV2HTTPResponse text(int status, String body, Map<String, String> headers) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(new LinkedHashMap<>(headers))
                .withBody(body).withIsBase64Encoded(false).build();
    }

    public static int status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
        };
    }

    public static APIGatewayV2HTTPResponse problem(Refusal refusal) {
        int status = status(refusal.kind());
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 401) {
            headers.put("www-authenticate", "Bearer");
        }
        return problem(status, refusal.type(), refusal.title(), refusal.detail(), refusal.errors(), headers);
    }

    public static APIGatewayV2HTTPResponse problem(int status, String type, String title, String detail,
                                                   List<FieldError> errors, Map<String, String> extraHeaders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://order-returns.dev/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        List<Object> list = new ArrayList<>();
        for (FieldError e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", e.field());
            m.put("message", e.message());
            list.add(m);
        }
        body.put("errors", list);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/problem+json");
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(write(body)).withIsBase64Encoded(false).build();
    }

    public static String write(Object body) {
        try {
            return WRITER.asString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
