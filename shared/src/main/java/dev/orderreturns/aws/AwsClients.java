package dev.orderreturns.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
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
            // AWS's roots only: the client builds its TLS context now, and all of cacerts costs 75 ms
            .tlsTrustManagersProvider(AwsTrustAnchors::trustManagers)
            .build();

    /**
     * Lambda has no AWS config or credentials file, so the SDK's lookups there (defaults mode, retry
     * mode, FIPS, dual-stack, app id, ...) find nothing; this empty one saves looking, and keeps a
     * developer's ~/.aws/config from making local runs behave unlike the deployed functions.
     */
    private static final ProfileFile NO_PROFILE_FILE = ProfileFile.aggregator().build();

    /** The one credentials provider of the container's clients; see {@link FunctionCredentials}. */
    private static final FunctionCredentials CREDENTIALS = new FunctionCredentials();

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
        // DryRun's interceptor does nothing unless its thread is in a dry run (SnapStart priming)
        builder.overrideConfiguration((given == null ? ClientOverrideConfiguration.builder() : given.toBuilder())
                .defaultProfileFile(NO_PROFILE_FILE).defaultProfileName("default")
                .addExecutionInterceptor(DryRun.INTERCEPTOR).build());
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

    /** The function's credentials (see {@link FunctionCredentials}); one provider for every client. */
    static AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /**
     * Forgets the credentials found so far: the next call looks them up again. For a SnapStart
     * restore, which resumes a snapshot taken minutes or days before, in another environment.
     */
    public static void renewCredentials() {
        CREDENTIALS.renew();
    }

    /**
     * Where the role's credentials are, decided again at each {@link #renewCredentials()}: Lambda
     * puts them in the environment ({@code AWS_ACCESS_KEY_ID}, ...), except with SnapStart, where the
     * runtime serves them from a local endpoint named by {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
     * (that provider caches them until they near expiry, so a restore must drop it); the local stack
     * gives its keys as system properties. A dry run ({@link DryRun}) signs with stand-in keys and
     * never looks anything up, so priming neither fetches nor caches credentials in the snapshot.
     */
    private static final class FunctionCredentials implements AwsCredentialsProvider {
        private static final AwsCredentials DRY_RUN = AwsBasicCredentials.create("dry-run", "dry-run");
        private volatile AwsCredentialsProvider found;

        @Override
        public AwsCredentials resolveCredentials() {
            if (DryRun.active()) {
                return DRY_RUN;
            }
            AwsCredentialsProvider provider = found;
            if (provider == null) {
                provider = lookUp();
                found = provider;
            }
            return provider.resolveCredentials();
        }

        void renew() {
            AwsCredentialsProvider previous = found;
            found = null;
            if (previous instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // it only held a cache
                }
            }
        }

        private static AwsCredentialsProvider lookUp() {
            String key = System.getenv("AWS_ACCESS_KEY_ID");
            if (key != null && !key.isEmpty()) {
                return EnvironmentVariableCredentialsProvider.create();
            }
            String container = System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            if (container != null && !container.isEmpty()) {
                return ContainerCredentialsProvider.builder().build();
            }
            String localKey = Settings.get("AWS_ACCESS_KEY_ID");
            String localSecret = Settings.get("AWS_SECRET_ACCESS_KEY");
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    localKey == null ? "local" : localKey, localSecret == null ? "local" : localSecret));
        }
    }
}
