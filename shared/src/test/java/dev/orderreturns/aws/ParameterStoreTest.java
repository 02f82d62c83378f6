package dev.orderreturns.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetParametersByPath as SSM's JSON protocol has it, against a local server that answers scripted pages. */
class ParameterStoreTest {

    private record Seen(String method, String path, Map<String, List<String>> headers, Map<String, Object> body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    private record Scripted(int status, String json) {}

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Queue<Scripted> answers = new ArrayDeque<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                        JSON.std.mapFrom(body)));
                Scripted answer;
                synchronized (answers) {
                    answer = answers.poll();
                }
                byte[] out = (answer == null ? "{\"__type\":\"NotScripted\"}" : answer.json())
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(answer == null ? 400 : answer.status(), out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String json) {
        synchronized (answers) {
            answers.add(new Scripted(status, json));
        }
    }

    private ParameterStore store(AwsCredentialsProvider credentials) {
        return new ParameterStore(UrlConnectionHttpClient.create(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Region.EU_WEST_1, credentials);
    }

    private static AwsCredentialsProvider basic() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    }

    @Test
    void followsEveryPageAndNamesParametersRelativeToThePath() {
        answer(200, """
                {"Parameters":[{"Name":"/order-returns/providers/payments/app-key","Type":"SecureString","Value":"pk"},
                               {"Name":"/order-returns/providers/payments/app-token","Type":"SecureString","Value":"pt"}],
                 "NextToken":"page-2"}""");
        answer(200, """
                {"Parameters":[{"Name":"/order-returns/providers/giftcards/app-key","Type":"SecureString","Value":"gk"}]}""");

        Map<String, String> values = store(basic()).parametersByPath("/order-returns/providers");

        assertEquals(Map.of("payments/app-key", "pk", "payments/app-token", "pt", "giftcards/app-key", "gk"), values);
        assertEquals(2, seen.size());
        Seen first = seen.get(0);
        assertEquals("POST", first.method());
        assertEquals("/", first.path());
        assertEquals("AmazonSSM.GetParametersByPath", first.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", first.header("Content-Type"));
        assertEquals(Map.of("Path", "/order-returns/providers/", "Recursive", true, "WithDecryption", true),
                first.body());
        assertEquals("page-2", seen.get(1).body().get("NextToken"));
    }

    @Test
    void signsWithSigV4ForSsmInTheClientsRegion() {
        answer(200, "{\"Parameters\":[]}");

        store(basic()).parametersByPath("/p/");

        String authorization = seen.getFirst().header("Authorization");
        assertTrue(authorization.matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/ssm/aws4_request, "
                + "SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}"), authorization);
        assertTrue(seen.getFirst().header("X-Amz-Date").matches("\\d{8}T\\d{6}Z"));
        assertNull(seen.getFirst().header("X-Amz-Security-Token"));
    }

    @Test
    void sendsTheSessionTokenOfTemporaryCredentials() {
        answer(200, "{\"Parameters\":[]}");

        store(StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "the-token")))
                .parametersByPath("/p");

        assertEquals("the-token", seen.getFirst().header("X-Amz-Security-Token"));
        assertTrue(seen.getFirst().header("Authorization").contains("x-amz-security-token"));
    }

    @Test
    void aRefusalIsNotRetriedAndNamesSsmsErrorType() {
        answer(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store(basic()).parametersByPath("/p"));

        assertTrue(e.getMessage().contains("400 AccessDeniedException: not allowed"), e.getMessage());
        assertEquals(1, seen.size());
    }

    @Test
    void aServerErrorOrThrottleIsRetriedUpToThreeAttempts() {
        answer(500, "{\"__type\":\"InternalServerError\"}");
        answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        answer(200, "{\"Parameters\":[{\"Name\":\"/p/a\",\"Value\":\"1\"}]}");

        assertEquals(Map.of("a", "1"), store(basic()).parametersByPath("/p"));
        assertEquals(3, seen.size());

        seen.clear();
        answer(503, "");
        answer(503, "");
        answer(503, "");
        answer(200, "{\"Parameters\":[]}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store(basic()).parametersByPath("/p"));
        assertTrue(e.getMessage().contains("503"), e.getMessage());
        assertEquals(3, seen.size());
    }

    @Test
    void theDefaultEndpointIsSsmsInTheRegionsPartition() {
        assertEquals(URI.create("https://ssm.eu-west-1.amazonaws.com"), ParameterStore.endpointFor(Region.EU_WEST_1));
        assertEquals(URI.create("https://ssm.cn-north-1.amazonaws.com.cn"),
                ParameterStore.endpointFor(Region.CN_NORTH_1));
        assertEquals(URI.create("https://ssm.us-gov-west-1.amazonaws.com"),
                ParameterStore.endpointFor(Region.US_GOV_WEST_1));
    }
}
