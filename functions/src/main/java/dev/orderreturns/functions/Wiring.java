package dev.orderreturns.functions;

import dev.orderreturns.aws.AwsClients;
import dev.orderreturns.aws.Settings;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.providers.http.ProviderSettings;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbDueOrders;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The deployed wiring, built once per Lambda container on first use (holder classes keep it lazy
 * and thread-safe, and each function builds only what it uses): the DynamoDB store, the SQS queue
 * and the providers named by the function's environment.
 */
final class Wiring {

    private Wiring() {
    }

    private static final class Store {
        static final DynamoDbClient DYNAMO = AwsClients.dynamoDb();
        static final String TABLE = Settings.require("TABLE_NAME");
        static final DynamoDbOrderStore INSTANCE = new DynamoDbOrderStore(DYNAMO, TABLE);
    }

    private static final class Queue {
        static final SqsRefundQueue INSTANCE =
                new SqsRefundQueue(AwsClients.sqs(), Settings.require("REFUND_QUEUE_URL"));
    }

    private static final class Desk {
        static final ReturnDesk INSTANCE = new ReturnDesk(Store.INSTANCE, Queue.INSTANCE, Clock.systemUTC(),
                Wiring::newId);
    }

    private static final class Refunds {
        static final ProviderSettings PROVIDERS = ProviderSettings.load();
        static final Refunder INSTANCE = new Refunder(Store.INSTANCE, PROVIDERS.paymentProvider(),
                PROVIDERS.giftCardProvider(), Clock.systemUTC(), maxAttempts());
    }

    private static final class Reconciliation {
        static final Reconciler INSTANCE = new Reconciler(
                new DynamoDbDueOrders(Store.DYNAMO, Store.TABLE),
                Store.INSTANCE, Queue.INSTANCE, Clock.systemUTC(), maxAttempts());
    }

    static ReturnDesk desk() {
        return Desk.INSTANCE;
    }

    static Refunder refunder() {
        return Refunds.INSTANCE;
    }

    /**
     * The time one refund job may take at worst: three provider calls (chargeback, create card,
     * credit), each up to its connect and read timeouts, and a margin for DynamoDB.
     */
    static Duration refundJobBudget() {
        return Refunds.PROVIDERS.connectTimeout().plus(Refunds.PROVIDERS.readTimeout()).multipliedBy(3)
                .plusSeconds(2);
    }

    static Reconciler reconciler() {
        return Reconciliation.INSTANCE;
    }

    static int maxAttempts() {
        String value = Settings.get("REFUND_MAX_ATTEMPTS");
        return value == null ? 8 : Integer.parseInt(value);
    }

    /** Random ids for returns and receipts: URL-safe, and safe in storage keys. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
