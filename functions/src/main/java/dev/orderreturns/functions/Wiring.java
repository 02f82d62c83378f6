package dev.orderreturns.functions;

import dev.orderreturns.aws.AwsClients;
import dev.orderreturns.aws.DryRun;
import dev.orderreturns.aws.Settings;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.RefundClaims;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnEvents;
import dev.orderreturns.domain.ReturnListings;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.events.eventbridge.EventBridgeReturnEvents;
import dev.orderreturns.providers.http.ProviderSettings;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbDueOrders;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;
import dev.orderreturns.store.dynamodb.DynamoDbReturnListings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The deployed wiring, built once per Lambda container on first use (holder classes keep it lazy
 * and thread-safe, and each function builds only what it uses): the DynamoDB store, the SQS queue,
 * the event bus and the providers named by the function's environment.
 */
final class Wiring {

    private Wiring() {
    }

    private static final class Store {
        static final DynamoDbClient DYNAMO = AwsClients.dynamoDb();
        static final String TABLE = Settings.require("TABLE_NAME");
        static final DynamoDbOrderStore INSTANCE = new DynamoDbOrderStore(DYNAMO, TABLE);
        static final DynamoDbRefundClaims CLAIMS = new DynamoDbRefundClaims(DYNAMO, TABLE);
    }

    /**
     * The queue and the bus: their settings are read with the desk, so a missing one still fails the
     * function's init, but their SDK clients are built at the first send or publish. A read, an
     * import or a failed validation never pays for them, and the read function builds them only when
     * SnapStart priming runs its sample submit (sending nothing) into the snapshot.
     */
    private static final class Queue {
        static final String URL = Settings.require("REFUND_QUEUE_URL");
        static final Once<SqsRefundQueue> SQS = new Once<>(() -> new SqsRefundQueue(AwsClients.sqs(), URL));
        static final RefundQueue INSTANCE = new RefundQueue() {
            @Override
            public void send(RefundJob job) {
                SQS.get().send(job);
            }

            @Override
            public void send(RefundJob job, Instant notBefore) {
                SQS.get().send(job, notBefore);
            }
        };
    }

    private static final class Events {
        static final String BUS = Settings.require("EVENT_BUS_NAME");
        static final Once<EventBridgeReturnEvents> EVENTBRIDGE =
                new Once<>(() -> new EventBridgeReturnEvents(AwsClients.eventBridge(), BUS));
        static final ReturnEvents INSTANCE = (order, events) -> EVENTBRIDGE.get().publish(order, events);
    }

    /**
     * Made on first use and kept. Unlike a holder class, a failure to make it is an ordinary
     * exception (a failed send or publish, which the domain survives), and the next use tries again.
     */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> make;
        private volatile T value;

        Once(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T made = value;
            if (made == null) {
                synchronized (this) {
                    made = value;
                    if (made == null) {
                        made = make.get();
                        value = made;
                    }
                }
            }
            return made;
        }
    }

    private static final class Desk {
        static final ReturnDesk INSTANCE = new ReturnDesk(Store.INSTANCE, Queue.INSTANCE, Events.INSTANCE,
                Clock.systemUTC(), Wiring::newId, retrySchedule());
    }

    private static final class Listings {
        static final ReturnListings INDEXES = new DynamoDbReturnListings(Store.DYNAMO, Store.TABLE);
        static final ReturnsAcrossOrders INSTANCE = new ReturnsAcrossOrders(INDEXES, Store.INSTANCE,
                Clock.systemUTC());
    }

    private static final class Refunds {
        static final ProviderSettings PROVIDERS = ProviderSettings.load();
        static final Refunder INSTANCE = new Refunder(Store.INSTANCE, PROVIDERS.paymentProvider(),
                PROVIDERS.giftCardProvider(), Queue.INSTANCE, Store.CLAIMS, Events.INSTANCE, Clock.systemUTC(),
                retrySchedule(), refundJobBudget());
    }

    private static final class Reconciliation {
        static final Reconciler INSTANCE = new Reconciler(
                new DynamoDbDueOrders(Store.DYNAMO, Store.TABLE),
                Store.INSTANCE, Queue.INSTANCE, Store.CLAIMS, Events.INSTANCE, Clock.systemUTC(), retrySchedule());
    }

    static ReturnDesk desk() {
        return Desk.INSTANCE;
    }

    static ReturnsAcrossOrders returnsAcrossOrders() {
        return Listings.INSTANCE;
    }

    static Refunder refunder() {
        return Refunds.INSTANCE;
    }

    /**
     * The time one refund job may take at worst: four provider calls (chargebacks to two payments,
     * create card, credit), each up to its connect and read timeouts, and a margin for DynamoDB. A
     * job is not started with less time left, and its claim on the return lapses after this.
     */
    static Duration refundJobBudget() {
        return Refunds.PROVIDERS.connectTimeout().plus(Refunds.PROVIDERS.readTimeout()).multipliedBy(4)
                .plusSeconds(2);
    }

    static Reconciler reconciler() {
        return Reconciliation.INSTANCE;
    }

    /**
     * The refund retry schedule: waits from {@code REFUND_BACKOFF_BASE_SECONDS} (30) doubling up to
     * {@code REFUND_BACKOFF_CAP_SECONDS} (900), for a budget spanning {@code REFUND_RETRY_HOURS} (24).
     */
    static RetrySchedule retrySchedule() {
        return new RetrySchedule(Duration.ofSeconds(longSetting("REFUND_BACKOFF_BASE_SECONDS", 30)),
                Duration.ofSeconds(longSetting("REFUND_BACKOFF_CAP_SECONDS", 900)),
                Duration.ofHours(longSetting("REFUND_RETRY_HOURS", 24)));
    }

    private static long longSetting(String name, long fallback) {
        String value = Settings.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }

    // For Priming: the real adapters, and the way to call them without sending anything.

    static OrderStore store() {
        return Store.INSTANCE;
    }

    static RefundClaims claims() {
        return Store.CLAIMS;
    }

    static RefundQueue queue() {
        return Queue.INSTANCE;
    }

    static ReturnEvents events() {
        return Events.INSTANCE;
    }

    static ReturnListings listings() {
        return Listings.INDEXES;
    }

    /** Runs {@code call} with every SDK request it makes on this thread stopped before it is sent. */
    static <T> T withoutSending(Supplier<T> call) {
        return DryRun.run(call);
    }

    /** True when {@code failure} is a request {@link #withoutSending} stopped. */
    static boolean stoppedBeforeSending(Throwable failure) {
        return DryRun.stopped(failure);
    }

    /** How many SDK requests were stopped before sending in this JVM so far. */
    static long requestsStoppedBeforeSending() {
        return DryRun.stoppedCount();
    }

    /** After a SnapStart restore: look the role's credentials up again (see AwsClients). */
    static void renewCredentials() {
        AwsClients.renewCredentials();
    }

    /** {@code PRIME_AT_INIT=true}: prime during init, as a SnapStart snapshot would hold it (benchmarks). */
    static boolean primeAtInit() {
        return "true".equalsIgnoreCase(Settings.get("PRIME_AT_INIT"));
    }

    /** Random ids for returns and receipts: URL-safe, and safe in storage keys. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
