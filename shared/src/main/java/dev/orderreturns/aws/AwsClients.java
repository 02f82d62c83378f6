package dev.orderreturns.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/**
 * SDK clients built once per container with everything explicit: the url-connection HTTP client,
 * the region and the credentials provider, so the SDK never probes for them at cold start.
 * {@code DYNAMODB_ENDPOINT} and {@code SQS_ENDPOINT} point them at local servers.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return build(DynamoDbClient.builder(), "DYNAMODB_ENDPOINT");
    }

    public static SqsClient sqs() {
        return build(SqsClient.builder(), "SQS_ENDPOINT");
    }

    public static EventBridgeClient eventBridge() {
        return build(EventBridgeClient.builder(), "EVENTBRIDGE_ENDPOINT");
    }

    /** Every client the same way: shared HTTP client, explicit region and credentials, optional local endpoint. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder,
                                                                                         String endpointSetting) {
        String endpoint = Settings.get(endpointSetting);
        return build(builder, endpoint == null ? null : URI.create(endpoint), region(), credentials());
    }

    /**
     * A client with everything given (the local stack and tools use this for their own endpoints):
     * the shared url-connection HTTP client, and no endpoint override when {@code endpoint} is null.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        builder.httpClient(HTTP).region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The HTTP client every SDK call of this container shares. */
    static SdkHttpClient httpClient() {
        return HTTP;
    }

    static Region region() {
        String region = Settings.get("AWS_REGION");
        return Region.of(region == null ? "us-east-1" : region);
    }

    /** Lambda puts the role's credentials in the environment; the local stack in system properties. */
    static AwsCredentialsProvider credentials() {
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        if (key != null && !key.isEmpty()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        String localKey = Settings.get("AWS_ACCESS_KEY_ID");
        String localSecret = Settings.get("AWS_SECRET_ACCESS_KEY");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                localKey == null ? "local" : localKey, localSecret == null ? "local" : localSecret));
    }
}
