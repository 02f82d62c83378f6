package dev.orderreturns.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter Store's {@code GetParametersByPath}, the one SSM operation this service calls, signed
 * with the SDK's SigV4 signer and sent with the shared HTTP client. Not the SDK's SSM client: its
 * module is 4.7 MB of the Lambda jar for one call made once per container. Like that client, it
 * retries a throttled, failed (5xx) or unreachable call twice.
 */
public final class ParameterStore {

    private static final String TARGET = "AmazonSSM.GetParametersByPath";
    private static final int ATTEMPTS = 3;

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    ParameterStore(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** The deployed one: the function's region and credentials, {@code SSM_ENDPOINT} if set. */
    public static ParameterStore create() {
        Region region = AwsClients.region();
        String override = Settings.get("SSM_ENDPOINT");
        URI endpoint = override != null ? URI.create(override) : endpointFor(region);
        return new ParameterStore(AwsClients.httpClient(), endpoint, region, AwsClients.credentials());
    }

    /** SSM's regional endpoint, in the region's partition (amazonaws.com, amazonaws.com.cn, ...). */
    static URI endpointFor(Region region) {
        return URI.create("https://ssm." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    /**
     * Every parameter under {@code path}, recursively and decrypted, by its name relative to the
     * path ({@code /a/b} with path {@code /a} is {@code b}), following every page.
     *
     * @throws IllegalStateException when SSM refuses (the message names its error type, never a value)
     */
    public Map<String, String> parametersByPath(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        Map<String, String> values = new LinkedHashMap<>();
        String next = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Path", prefix);
            body.put("Recursive", true);
            body.put("WithDecryption", true);
            if (next != null) body.put("NextToken", next);
            Map<String, Object> page = call(body);
            if (page.get("Parameters") instanceof List<?> parameters) {
                for (Object p : parameters) {
                    if (p instanceof Map<?, ?> parameter && parameter.get("Name") instanceof String name
                            && name.startsWith(prefix) && parameter.get("Value") instanceof String value) {
                        values.put(name.substring(prefix.length()), value);
                    }
                }
            }
            next = page.get("NextToken") instanceof String token && !token.isEmpty() ? token : null;
        } while (next != null);
        return values;
    }

    private Map<String, Object> call(Map<String, Object> body) {
        byte[] json;
        try {
            json = JSON.std.asBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) pause(attempt);
            try {
                Answer answer = send(json);
                if (answer.status() == 200) return answer.json();
                last = new IllegalStateException("SSM " + TARGET + " answered " + answer.status() + " "
                        + answer.json().get("__type") + ": " + answer.json().get("message"));
                if (!retryable(answer)) throw last;
            } catch (IOException e) {
                last = new UncheckedIOException("SSM " + TARGET + " failed: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private record Answer(int status, Map<String, Object> json) {}

    private Answer send(byte[] json) throws IOException {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(json.length))
                .build();
        // signed at each attempt: a signature is only valid for a few minutes, and credentials rotate
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(json))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        Map<String, Object> answer = Map.of();
        if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length > 0) {
                    try {
                        answer = JSON.std.mapFrom(bytes);
                    } catch (IOException e) {
                        // a proxy's or load balancer's page, not SSM's JSON: the status says enough
                        answer = Map.of();
                    }
                }
            }
        }
        return new Answer(response.httpResponse().statusCode(), answer);
    }

    private static boolean retryable(Answer answer) {
        Object type = answer.json().get("__type");
        return answer.status() >= 500 || answer.status() == 429
                || (type instanceof String t && (t.endsWith("ThrottlingException") || t.endsWith("TooManyUpdates")));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L << (attempt - 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying SSM " + TARGET, e);
        }
    }
}
