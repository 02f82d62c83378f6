package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions' Lambda events and answers as JSON, read and written here with jackson-jr rather
 * than by the Java runtime, which is why the handlers are stream handlers. The runtime's own
 * serializer (Jackson databind over reflection, with mixins) cost more CPU at a cold start than
 * building a handler and its DynamoDB client, and it loads joda-time from the function's jar for
 * every aws-lambda-java-events type. Those types stay, as plain data for the routes and tests.
 * Fields are mapped as the runtime maps them: scalars given where text is expected become text,
 * a missing boolean is false; {@code LambdaJsonTest} (local/) compares the two on every sample event.
 */
public final class LambdaJson {

    private LambdaJson() {
    }

    /** An HTTP API event, payload format 2.0; null for a JSON null. */
    public static APIGatewayV2HTTPEvent apiEvent(InputStream in) throws IOException {
        Map<String, Object> json = object(JSON.std.anyFrom(in), "event");
        if (json == null) return null;
        Map<String, Object> context = object(json.get("requestContext"), "requestContext");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(text(json.get("version")))
                .withRouteKey(text(json.get("routeKey")))
                .withRawPath(text(json.get("rawPath")))
                .withRawQueryString(text(json.get("rawQueryString")))
                .withCookies(texts(json.get("cookies")))
                .withHeaders(textMap(json.get("headers")))
                .withQueryStringParameters(textMap(json.get("queryStringParameters")))
                .withPathParameters(textMap(json.get("pathParameters")))
                .withStageVariables(textMap(json.get("stageVariables")))
                .withBody(text(json.get("body")))
                .withIsBase64Encoded(bool(json.get("isBase64Encoded")))
                .withRequestContext(context == null ? null : requestContext(context))
                .build();
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(Map<String, Object> json) {
        Map<String, Object> http = object(json.get("http"), "requestContext.http");
        Map<String, Object> authorizer = object(json.get("authorizer"), "requestContext.authorizer");
        return APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(text(json.get("routeKey")))
                .withAccountId(text(json.get("accountId")))
                .withStage(text(json.get("stage")))
                .withApiId(text(json.get("apiId")))
                .withDomainName(text(json.get("domainName")))
                .withDomainPrefix(text(json.get("domainPrefix")))
                .withTime(text(json.get("time")))
                .withTimeEpoch(number(json.get("timeEpoch")))
                .withRequestId(text(json.get("requestId")))
                .withHttp(http == null ? null : APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(text(http.get("method")))
                        .withPath(text(http.get("path")))
                        .withProtocol(text(http.get("protocol")))
                        .withSourceIp(text(http.get("sourceIp")))
                        .withUserAgent(text(http.get("userAgent")))
                        .build())
                .withAuthorizer(authorizer == null ? null : authorizer(authorizer))
                .build();
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer(Map<String, Object> json) {
        Map<String, Object> jwt = object(json.get("jwt"), "authorizer.jwt");
        Map<String, Object> iam = object(json.get("iam"), "authorizer.iam");
        Map<String, Object> cognito = iam == null ? null : object(iam.get("cognitoIdentity"), "iam.cognitoIdentity");
        return APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(jwt == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(textMap(jwt.get("claims")))
                        .withScopes(texts(jwt.get("scopes")))
                        .build())
                .withLambda(object(json.get("lambda"), "authorizer.lambda"))
                .withIam(iam == null ? null : APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                        .withAccessKey(text(iam.get("accessKey")))
                        .withAccountId(text(iam.get("accountId")))
                        .withCallerId(text(iam.get("callerId")))
                        .withPrincipalOrgId(text(iam.get("principalOrgId")))
                        .withUserArn(text(iam.get("userArn")))
                        .withUserId(text(iam.get("userId")))
                        .withCognitoIdentity(cognito == null ? null
                                : APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity.builder()
                                        .withAmr(texts(cognito.get("amr")))
                                        .withIdentityId(text(cognito.get("identityId")))
                                        .withIdentityPoolId(text(cognito.get("identityPoolId")))
                                        .build())
                        .build())
                .build();
    }

    /** A batch of SQS messages; null for a JSON null. */
    public static SQSEvent sqsEvent(InputStream in) throws IOException {
        Map<String, Object> json = object(JSON.std.anyFrom(in), "event");
        if (json == null) return null;
        SQSEvent event = new SQSEvent();
        if (json.get("Records") instanceof List<?> records) {
            List<SQSEvent.SQSMessage> messages = new ArrayList<>();
            for (Object record : records) {
                messages.add(sqsMessage(object(record, "Records[]")));
            }
            event.setRecords(messages);
        } else if (json.get("Records") != null) {
            throw new IllegalArgumentException("Records is not a list");
        }
        return event;
    }

    private static SQSEvent.SQSMessage sqsMessage(Map<String, Object> json) {
        if (json == null) return null;
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(text(json.get("messageId")));
        message.setReceiptHandle(text(json.get("receiptHandle")));
        message.setBody(text(json.get("body")));
        message.setMd5OfBody(text(json.get("md5OfBody")));
        message.setMd5OfMessageAttributes(text(json.get("md5OfMessageAttributes")));
        message.setEventSourceArn(text(json.get("eventSourceARN")));
        message.setEventSource(text(json.get("eventSource")));
        message.setAwsRegion(text(json.get("awsRegion")));
        message.setAttributes(textMap(json.get("attributes")));
        Map<String, Object> attributes = object(json.get("messageAttributes"), "messageAttributes");
        if (attributes != null) {
            Map<String, SQSEvent.MessageAttribute> converted = new LinkedHashMap<>();
            attributes.forEach((name, value) -> converted.put(name, messageAttribute(object(value, name))));
            message.setMessageAttributes(converted);
        }
        return message;
    }

    private static SQSEvent.MessageAttribute messageAttribute(Map<String, Object> json) {
        if (json == null) return null;
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setStringValue(text(json.get("stringValue")));
        attribute.setBinaryValue(bytes(json.get("binaryValue")));
        attribute.setStringListValues(texts(json.get("stringListValues")));
        if (json.get("binaryListValues") instanceof List<?> values) {
            List<ByteBuffer> buffers = new ArrayList<>();
            for (Object value : values) buffers.add(bytes(value));
            attribute.setBinaryListValues(buffers);
        }
        attribute.setDataType(text(json.get("dataType")));
        return attribute;
    }

    /** An HTTP API answer, payload format 2.0. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        if (response == null) {
            writeJson(null, out);
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", response.getStatusCode());
        putIfPresent(json, "headers", response.getHeaders());
        putIfPresent(json, "multiValueHeaders", response.getMultiValueHeaders());
        putIfPresent(json, "cookies", response.getCookies());
        putIfPresent(json, "body", response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        writeJson(json, out);
    }

    /** The messages of a batch that failed ({@code ReportBatchItemFailures}). */
    public static void write(SQSBatchResponse response, OutputStream out) throws IOException {
        if (response == null) {
            writeJson(null, out);
            return;
        }
        List<Object> failures = null;
        if (response.getBatchItemFailures() != null) {
            failures = new ArrayList<>();
            for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                Map<String, Object> item = new LinkedHashMap<>();
                putIfPresent(item, "itemIdentifier", failure.getItemIdentifier());
                failures.add(item);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        putIfPresent(json, "batchItemFailures", failures);
        writeJson(json, out);
    }

    /** Any answer made of maps, lists, text, numbers and booleans. */
    public static void writeJson(Object json, OutputStream out) throws IOException {
        // jackson-jr would close the stream, which belongs to the runtime
        out.write(JSON.std.asBytes(json));
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) json.put(name, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String name) {
        if (value == null || value instanceof Map<?, ?>) return (Map<String, Object>) value;
        throw new IllegalArgumentException(name + " is not a JSON object");
    }

    /** Text as the runtime reads it into a String: scalars as written, structures refused. */
    private static String text(Object value) {
        if (value == null || value instanceof String) return (String) value;
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        throw new IllegalArgumentException("a JSON " + (value instanceof List ? "array" : "object")
                + " where text is expected");
    }

    private static List<String> texts(Object value) {
        if (value == null) return null;
        if (!(value instanceof List<?> list)) throw new IllegalArgumentException("not a JSON array");
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) out.add(text(item));
        return out;
    }

    private static Map<String, String> textMap(Object value) {
        Map<String, Object> json = object(value, "a map of text");
        if (json == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        json.forEach((k, v) -> out.put(k, text(v)));
        return out;
    }

    private static boolean bool(Object value) {
        if (value == null) return false;
        if (value instanceof Boolean b) return b;
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
        throw new IllegalArgumentException("not a JSON boolean: " + value);
    }

    private static long number(Object value) {
        if (value == null) return 0;
        if (value instanceof Number n) return n.longValue();
        if (value instanceof String s) return Long.parseLong(s.strip());
        throw new IllegalArgumentException("not a JSON number");
    }

    private static ByteBuffer bytes(Object value) {
        return value == null ? null : ByteBuffer.wrap(Base64.getDecoder().decode(text(value)));
    }
}
