package dev.orderreturns.localstack;

import dev.orderreturns.local.BackingServices;
import org.testcontainers.containers.localstack.LocalStackContainer;

/**
 * LocalStack's DynamoDB and SQS in a container that Testcontainers starts, one per local stack
 * and removed when it closes. The stack creates the template's tables and queues in it as it does
 * in dynalite and ElasticMQ; the region and credentials are the stack's (LocalStack takes any).
 */
public final class LocalStackServices implements BackingServices {

    public static final String NAME = "localstack";

    /** Found through {@code META-INF/services}; {@code -Dorderreturns.backingServices=localstack} selects it. */
    public static final class Provider implements BackingServices.Provider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public BackingServices start() {
            return LocalStackServices.start(LocalStackSettings.current());
        }
    }

    private final LocalStackContainer container;
    private final String description;

    private LocalStackServices(LocalStackContainer container, String description) {
        this.container = container;
        this.description = description;
    }

    /** @throws BackingServices.Unavailable before touching anything when there is no Docker engine */
    static LocalStackServices start(LocalStackSettings settings) {
        // checked first: without Docker even building the container object fails, with a long trace
        Docker.unavailableReason().ifPresent(reason -> {
            throw new BackingServices.Unavailable(reason);
        });
        LocalStackContainer container = new LocalStackContainer(settings.image()).withEnv(settings.environment());
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("LocalStack (" + settings.describe() + ") did not start: " + e.getMessage(),
                    e);
        }
        return new LocalStackServices(container, "LocalStack (" + settings.describe() + ")");
    }

    @Override
    public String dynamoDbEndpoint() {
        return container.getEndpoint().toString();
    }

    @Override
    public String sqsEndpoint() {
        return container.getEndpoint().toString();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        container.stop();
    }
}
