package dev.orderreturns.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** dynalite (a node child process) and ElasticMQ (in this JVM): the default backing services. */
public final class BundledServices implements BackingServices {

    static final Provider PROVIDER = new Provider() {
        @Override
        public String name() {
            return BUNDLED;
        }

        @Override
        public BackingServices start() {
            return BundledServices.start();
        }
    };

    private final Dynalite dynalite;
    private final EmbeddedSqs sqs;

    private BundledServices(Dynalite dynalite, EmbeddedSqs sqs) {
        this.dynalite = dynalite;
        this.sqs = sqs;
    }

    /** Starts both side by side (each takes a second or two); if one fails, the other is stopped. */
    public static BundledServices start() {
        CompletableFuture<Dynalite> dynaliteStart = CompletableFuture.supplyAsync(
                () -> Dynalite.start(RepoPaths.localDir(), 0),
                runnable -> Thread.ofPlatform().daemon().name("dynalite-start").start(runnable));
        EmbeddedSqs sqs = null;
        RuntimeException failure = null;
        try {
            sqs = EmbeddedSqs.start();
        } catch (RuntimeException e) {
            failure = e;
        }
        Dynalite dynalite = null;
        try {
            dynalite = dynaliteStart.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (failure == null) failure = cause;
            else failure.addSuppressed(cause);
        }
        if (failure != null) {
            if (sqs != null) sqs.close();
            if (dynalite != null) dynalite.close();
            throw failure;
        }
        return new BundledServices(dynalite, sqs);
    }

    public Dynalite dynalite() {
        return dynalite;
    }

    @Override
    public String dynamoDbEndpoint() {
        return dynalite.endpoint();
    }

    @Override
    public String sqsEndpoint() {
        return sqs.endpoint();
    }

    @Override
    public String description() {
        return "dynalite and ElasticMQ";
    }

    @Override
    public void close() {
        try {
            sqs.close();
        } finally {
            dynalite.close();
        }
    }
}
