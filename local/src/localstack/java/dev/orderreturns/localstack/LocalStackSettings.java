package dev.orderreturns.localstack;

import org.testcontainers.utility.DockerImageName;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the LocalStack container is started with, worked out without Docker so it can be checked
 * anywhere: the image ({@code -Dlocalstack.image}, else {@link #DEFAULT_IMAGE}) and the container's
 * environment, which carries {@code LOCALSTACK_AUTH_TOKEN} through when it is set.
 */
public record LocalStackSettings(DockerImageName image, Map<String, String> environment) {

    /**
     * A release pinned so runs are repeatable; LocalStack's newer images need an auth token, which
     * is passed through when set.
     */
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.4";
    public static final String IMAGE_PROPERTY = "localstack.image";
    public static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

    public LocalStackSettings {
        environment = Map.copyOf(environment);
    }

    /** From this JVM's system properties and environment. */
    public static LocalStackSettings current() {
        return of(System.getProperty(IMAGE_PROPERTY), System.getenv());
    }

    static LocalStackSettings of(String imageProperty, Map<String, String> hostEnvironment) {
        String image = imageProperty == null || imageProperty.isBlank() ? DEFAULT_IMAGE : imageProperty.trim();
        Map<String, String> environment = new LinkedHashMap<>();
        // only what the tests use: LocalStack then starts nothing else
        environment.put("SERVICES", "dynamodb,sqs");
        String token = hostEnvironment.get(AUTH_TOKEN);
        if (token != null && !token.isBlank()) environment.put(AUTH_TOKEN, token);
        // a copy of the image in another registry is still LocalStack's
        return new LocalStackSettings(DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"),
                environment);
    }

    /** For messages: the image and whether a token is passed, never the token. */
    public String describe() {
        return image.asCanonicalNameString() + (environment.containsKey(AUTH_TOKEN) ? ", with LOCALSTACK_AUTH_TOKEN"
                : ", without LOCALSTACK_AUTH_TOKEN");
    }
}
