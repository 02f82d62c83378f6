package dev.orderreturns.local;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ (SQS) in this JVM, on 127.0.0.1 and a free port. */
public final class EmbeddedSqs implements AutoCloseable {
    /** The account id in queue URLs and ARNs, as in every local AWS emulator. */
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";

    private static final String PEKKO_SHUTDOWN_HOOK = "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook";

    private final SQSRestServer server;
    private final int port;
    private volatile boolean closed;

    private EmbeddedSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedSqs start() {
        // close() stops ElasticMQ; Pekko must not race it with its own JVM hook (which also warns
        // "Could not addJvmShutdownHook" when the stack is closed from a shutdown hook)
        if (System.getProperty(PEKKO_SHUTDOWN_HOOK) == null) System.setProperty(PEKKO_SHUTDOWN_HOOK, "off");
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withDynamicPort()
                // queue ARNs then look like AWS's (arn:aws:sqs:us-east-1:000000000000:Name)
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        try {
            int port = server.waitUntilStarted().localAddress().getPort();
            return new EmbeddedSqs(server, port);
        } catch (RuntimeException e) {
            try {
                server.stopAndWait();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("ElasticMQ failed to start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server and its actor system (its threads would otherwise keep the JVM alive). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        server.stopAndWait();
    }
}
