package dev.orderreturns.local;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The DynamoDB and SQS a local stack runs on. {@code local/run} and the tests' own stacks use the
 * bundled ones (dynalite and ElasticMQ, no Docker); the stack the tests share takes whichever the
 * system property {@value #PROPERTY} names ({@link #selected()}), so one switch moves every test
 * that uses it to another backend. Other backends are {@link Provider}s found on the class path:
 * the Maven profile {@code -Plocalstack} adds one that starts LocalStack through Testcontainers,
 * so the default build neither compiles nor loads anything of it.
 */
public interface BackingServices extends AutoCloseable {

    /** The system property that names the shared stack's backend. */
    String PROPERTY = "orderreturns.backingServices";
    /** dynalite and ElasticMQ, the default. */
    String BUNDLED = "bundled";

    /** Where DynamoDB listens, e.g. {@code http://127.0.0.1:40123}. */
    String dynamoDbEndpoint();

    /** Where SQS listens. */
    String sqsEndpoint();

    /** What these are, for messages: e.g. "dynalite and ElasticMQ". */
    String description();

    /** Stops whatever this started; safe to call more than once. */
    @Override
    void close();

    /** Starts one set of backing services per stack. */
    interface Provider {
        /** The name {@value #PROPERTY} selects it by. */
        String name();

        /**
         * Starts the services, and answers once they take requests.
         *
         * @throws Unavailable when this machine cannot run them (e.g. no Docker engine)
         */
        BackingServices start() throws Exception;
    }

    /**
     * This machine cannot run the chosen backend. The message is one line saying why and what is
     * skipped; the profile's JUnit extension turns it into skipped tests rather than failures.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    static Provider bundled() {
        return BundledServices.PROVIDER;
    }

    /**
     * The backend {@value #PROPERTY} names: {@value #BUNDLED} when it is unset or blank, otherwise
     * the provider of that name on the class path, or a one-line error naming those there are.
     */
    static Provider selected() {
        String name = System.getProperty(PROPERTY, "").trim();
        if (name.isEmpty() || name.equals(BUNDLED)) return bundled();
        List<String> known = new ArrayList<>(List.of(BUNDLED));
        for (Provider provider : ServiceLoader.load(Provider.class, BackingServices.class.getClassLoader())) {
            if (provider.name().equals(name)) return provider;
            known.add(provider.name());
        }
        throw new IllegalStateException(PROPERTY + "=" + name + " is not a backend on the class path (there are: "
                + String.join(", ", known) + "); -Plocalstack brings the LocalStack one");
    }
}
