package dev.orderreturns.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.functions.LambdaJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions read and write their Lambda JSON themselves ({@link LambdaJson}); the Java
 * runtime would have used aws-lambda-java-serialization. Both must agree: on every sample event
 * of {@code events/}, on events using every field the event types have, and on the answers.
 */
class LambdaJsonTest {

    private static <T> PojoSerializer<T> runtime(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LambdaJsonTest.class.getClassLoader());
    }

    private static ByteArrayInputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everySampleEventReadsAsTheRuntimeReadsIt() throws IOException {
        int api = 0;
        int sqs = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RepoPaths.root().resolve("events"), "*.json")) {
            for (Path file : files) {
                String json = Files.readString(file);
                Map<String, Object> event = JSON.std.mapFrom(json);
                if (event.containsKey("routeKey")) {
                    assertEquals(runtime(APIGatewayV2HTTPEvent.class).fromJson(in(json)), LambdaJson.apiEvent(in(json)),
                            file.toString());
                    api++;
                } else if (event.containsKey("Records")) {
                    assertEquals(runtime(SQSEvent.class).fromJson(in(json)), LambdaJson.sqsEvent(in(json)),
                            file.toString());
                    sqs++;
                }
            }
        }
        assertTrue(api >= 7 && sqs >= 1, api + " API events, " + sqs + " SQS events");
    }

    @Test
    void anApiEventWithEveryFieldReadsAsTheRuntimeReadsIt() throws IOException {
        String json = """
                {"version":"2.0","routeKey":"GET /orders/{orderId}","rawPath":"/orders/o-1","rawQueryString":"a=1&b=%20",
                 "cookies":["c1=v1","c2=v2"],"headers":{"Content-Type":"application/json","x-n":"1"},
                 "queryStringParameters":{"a":"1","b":" "},"pathParameters":{"orderId":"o-1"},
                 "stageVariables":{"s":"v"},"body":"eyJhIjoxfQ==","isBase64Encoded":true,
                 "requestContext":{"routeKey":"GET /orders/{orderId}","accountId":"123456789012","stage":"$default",
                   "apiId":"api","domainName":"api.example.com","domainPrefix":"api","time":"26/Nov/2025:10:05:00 +0000",
                   "timeEpoch":1764151500000,"requestId":"r-1",
                   "http":{"method":"GET","path":"/orders/o-1","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"curl"},
                   "authorizer":{"jwt":{"claims":{"account":"acme","exp":1764155100,"email_verified":true},
                                        "scopes":["returns:read"]},
                                 "lambda":{"k":"v","n":2},
                                 "iam":{"accessKey":"AK","accountId":"1","callerId":"c","principalOrgId":"o","userArn":"arn",
                                        "userId":"u","cognitoIdentity":{"amr":["x"],"identityId":"i","identityPoolId":"p"}}}}}""";
        APIGatewayV2HTTPEvent ours = LambdaJson.apiEvent(in(json));
        assertEquals(runtime(APIGatewayV2HTTPEvent.class).fromJson(in(json)), ours);
        assertEquals("1764155100", ours.getRequestContext().getAuthorizer().getJwt().getClaims().get("exp"));

        String sparse = "{\"routeKey\":\"$default\",\"rawPath\":\"/\"}";
        assertEquals(runtime(APIGatewayV2HTTPEvent.class).fromJson(in(sparse)), LambdaJson.apiEvent(in(sparse)));
        assertEquals(null, LambdaJson.apiEvent(in("null")));
    }

    @Test
    void anSqsEventWithMessageAttributesReadsAsTheRuntimeReadsIt() throws IOException {
        String json = """
                {"Records":[{"messageId":"m-1","receiptHandle":"rh","body":"{}","md5OfBody":"x","md5OfMessageAttributes":"y",
                  "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:1:q","awsRegion":"us-east-1",
                  "attributes":{"ApproximateReceiveCount":"2","SentTimestamp":"1764080100000"},
                  "messageAttributes":{"kind":{"stringValue":"wake-up","stringListValues":[],"binaryListValues":[],
                                               "dataType":"String"},
                                       "blob":{"binaryValue":"AQID","dataType":"Binary"}}}]}""";
        assertEquals(runtime(SQSEvent.class).fromJson(in(json)), LambdaJson.sqsEvent(in(json)));
    }

    @Test
    void aStructureWhereTextBelongsIsRefusedAsTheRuntimeRefusesIt() {
        String json = "{\"routeKey\":\"GET /x\",\"headers\":{\"h\":{\"nested\":1}}}";
        assertThrows(RuntimeException.class, () -> runtime(APIGatewayV2HTTPEvent.class).fromJson(in(json)));
        assertThrows(IllegalArgumentException.class, () -> LambdaJson.apiEvent(in(json)));
    }

    @Test
    void answersWriteAsTheRuntimeWritesThem() throws IOException {
        List<APIGatewayV2HTTPResponse> responses = List.of(
                APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                        .withHeaders(Map.of("content-type", "application/json", "location", "/orders/o-1"))
                        .withBody("{\"a\":1}").build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).withIsBase64Encoded(true).withBody("AQID")
                        .withCookies(List.of("a=b")).withMultiValueHeaders(Map.of("x", List.of("1", "2"))).build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(204).build());
        for (APIGatewayV2HTTPResponse response : responses) {
            ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            runtime(APIGatewayV2HTTPResponse.class).toJson(response, theirs);
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            LambdaJson.write(response, ours);
            assertEquals(withoutNulls(theirs), withoutNulls(ours), response.toString());
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m-2").build());
        for (SQSBatchResponse response : List.of(new SQSBatchResponse(failures), new SQSBatchResponse(List.of()))) {
            ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            runtime(SQSBatchResponse.class).toJson(response, theirs);
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            LambdaJson.write(response, ours);
            assertEquals(withoutNulls(theirs), withoutNulls(ours), response.toString());
        }
    }

    /** The JSON with null members dropped: API Gateway and Lambda read a null member as an absent one. */
    private static Object withoutNulls(ByteArrayOutputStream json) throws IOException {
        return withoutNulls(JSON.std.anyFrom(json.toByteArray()));
    }

    private static Object withoutNulls(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) out.put(k, withoutNulls(v));
            });
            return out;
        }
        if (json instanceof List<?> list) return list.stream().map(LambdaJsonTest::withoutNulls).toList();
        return json;
    }
}
