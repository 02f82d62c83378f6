package dev.orderreturns.store.dynamodb;

import dev.orderreturns.domain.RefundClaims;
import dev.orderreturns.domain.RefundJob;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;

/**
 * Claims on a return's refund as small items of their own in the orders table
 * ({@code pk = CLAIM#<account>#<orderId>#<returnId>}), so claiming costs one write unit whatever the
 * order's size: a conditional put that succeeds when nobody holds the claim or it has lapsed, and a
 * conditional delete by the holder. {@code expiresAt} (epoch seconds) lets DynamoDB's time to live
 * remove claims nobody released.
 */
public final class DynamoDbRefundClaims implements RefundClaims {

    private static final String CLAIM_PREFIX = "CLAIM#";

    /** Whether a table key is a claim's (the local stack's fault injection tells claims from refund work). */
    public static boolean isClaimKey(String pk) {
        return pk != null && pk.startsWith(CLAIM_PREFIX);
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRefundClaims(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String key(RefundJob job) {
        return CLAIM_PREFIX + job.account() + "#" + job.orderId() + "#" + job.returnId();
    }

    @Override
    public boolean claim(RefundJob job, String claimant, Instant now, Instant until) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS(key(job)), "claimant", AttributeValue.fromS(claimant),
                            "claimedUntil", AttributeValue.fromN(Long.toString(until.toEpochMilli())),
                            "expiresAt", AttributeValue.fromN(Long.toString(until.getEpochSecond() + 3600))))
                    .conditionExpression("attribute_not_exists(pk) OR claimedUntil < :now OR claimant = :me")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                            ":me", AttributeValue.fromS(claimant))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    @Override
    public void release(RefundJob job, String claimant) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(key(job))))
                    .conditionExpression("claimant = :me")
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(claimant))));
        } catch (ConditionalCheckFailedException notOurs) {
            // It lapsed and someone else holds it now: theirs to release.
        }
    }
}
