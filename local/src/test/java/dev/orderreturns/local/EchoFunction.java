package dev.orderreturns.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test handler: answers with what it received, so tests can see the event API Gateway would build. */
public class EchoFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Read while the class initializes: proves the configuration is in place before handlers load. */
    static final String TABLE_AT_CLASS_INIT = System.getProperty("ECHO_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : event.getQueryStringParameters();
        if ("1".equals(query.get("binary"))) {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/octet-stream"))
                    .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xff}))
                    .withIsBase64Encoded(true)
                    .build();
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("routeKey", event.getRouteKey());
        echo.put("rawPath", event.getRawPath());
        echo.put("rawQueryString", event.getRawQueryString());
        echo.put("pathParameters", event.getPathParameters());
        echo.put("queryStringParameters", event.getQueryStringParameters());
        echo.put("headers", event.getHeaders());
        echo.put("cookies", event.getCookies());
        echo.put("body", event.getBody());
        echo.put("isBase64Encoded", event.getIsBase64Encoded());
        var rc = event.getRequestContext();
        echo.put("requestRouteKey", rc.getRouteKey());
        echo.put("stage", rc.getStage());
        echo.put("apiId", rc.getApiId());
        echo.put("method", rc.getHttp().getMethod());
        echo.put("claims", rc.getAuthorizer() == null ? null : rc.getAuthorizer().getJwt().getClaims());
        echo.put("functionName", context.getFunctionName());
        echo.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        echo.put("memoryLimitInMB", context.getMemoryLimitInMB());
        echo.put("awsRequestId", context.getAwsRequestId());
        echo.put("tableAtClassInit", TABLE_AT_CLASS_INIT);
        Map<String, String> config = new TreeMap<>();
        for (String name : List.of("ECHO_TABLE", "ECHO_TABLE_ARN", "ECHO_QUEUE_URL", "ECHO_QUEUE_ARN", "ECHO_GREETING",
                "ECHO_LONG_FORM", "ECHO_ATTEMPTS", "ECHO_OWN", "AWS_REGION", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "DYNAMODB_ENDPOINT", "SQS_ENDPOINT")) {
            config.put(name, System.getProperty(name));
        }
        echo.put("config", config);
        context.getLogger().log("echo " + event.getRouteKey());
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(query.containsKey("status") ? Integer.parseInt(query.get("status")) : 200)
                    .withHeaders(Map.of("content-type", "application/json", "x-echo", "yes"))
                    .withMultiValueHeaders(Map.of("x-multi", List.of("one", "two")))
                    .withCookies(List.of("echo=1; Path=/"))
                    .withBody(JSON.std.asString(echo))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
