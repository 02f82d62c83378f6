package dev.orderreturns.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/**
 * SDK clients built once per container with everything explicit: the url-connection HTTP client,
 * the region and the credentials provider, so the SDK never probes for them at cold start, and no
 * profile file. {@code DYNAMODB_ENDPOINT}, {@code SQS_ENDPOINT} and {@code EVENTBRIDGE_ENDPOINT}
 * point them at local servers.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    /**
     * Lambda has no AWS config or credentials file, so the SDK's lookups there (defaults mode, retry
     * mode, FIPS, dual-stack, app id, ...) find nothing; this empty one saves looking, and keeps a
     * developer's ~/.aws/config from making local runs behave unlike the deployed functions.
     */
    private static final ProfileFile NO_PROFILE_FILE = ProfileFile.aggregator().build();

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        // off is DynamoDB's default; saying so skips its lookup in system properties and the environment
        return build(DynamoDbClient.builder().endpointDiscoveryEnabled(false), "DYNAMODB_ENDPOINT");
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
        // the SDK's defaults, given so that it does not look them up in the environment and profile
        builder.httpClient(HTTP).region(region).credentialsProvider(credentials)
                .defaultsMode(DefaultsMode.LEGACY).fipsEnabled(false).dualstackEnabled(false);
        ClientOverrideConfiguration given = builder.overrideConfiguration();
        builder.overrideConfiguration((given == null ? ClientOverrideConfiguration.builder() : given.toBuilder())
                .defaultProfileFile(NO_PROFILE_FILE).defaultProfileName("default").build());
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
