package dev.orderreturns.localstack;

import org.testcontainers.DockerClientFactory;

import java.util.Optional;

/** Whether Testcontainers can reach a Docker engine, asked once per JVM (Testcontainers caches the answer too). */
public final class Docker {

    /** The one line the profile prints, and the reason every test it skips carries. */
    public static final String UNAVAILABLE = "LocalStack profile: no Docker engine found (Testcontainers looked at"
            + " DOCKER_HOST, ~/.testcontainers.properties and the usual sockets), so the tests on LocalStack's"
            + " DynamoDB and SQS are skipped; start Docker to run them";

    private static Boolean available;

    private Docker() {
    }

    public static synchronized boolean isAvailable() {
        if (available == null) available = DockerClientFactory.instance().isDockerAvailable();
        return available;
    }

    /** Empty where Docker runs; otherwise why the LocalStack tests cannot. */
    public static Optional<String> unavailableReason() {
        return isAvailable() ? Optional.empty() : Optional.of(UNAVAILABLE);
    }
}
