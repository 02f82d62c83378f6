package dev.orderreturns.functions;

import dev.orderreturns.aws.AwsClients;
import dev.orderreturns.aws.Settings;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.queue.SqsRefundQueue;
import dev.orderreturns.store.DynamoDbOrderStore;

import java.time.Clock;
import java.util.UUID;

/**
 * The deployed wiring, built once per Lambda container on first use (the holder idiom keeps it
 * lazy and thread-safe): the DynamoDB store and SQS queue named by the function's environment.
 */
final class Wiring {

    private Wiring() {
    }

    private static final class Desk {
        static final ReturnDesk INSTANCE = new ReturnDesk(
                new DynamoDbOrderStore(AwsClients.dynamoDb(), Settings.require("TABLE_NAME")),
                new SqsRefundQueue(AwsClients.sqs(), Settings.require("REFUND_QUEUE_URL")),
                Clock.systemUTC(),
                Wiring::newId);
    }

    static ReturnDesk desk() {
        return Desk.INSTANCE;
    }

    /** Random ids for returns and receipts: URL-safe, and safe in storage keys. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
