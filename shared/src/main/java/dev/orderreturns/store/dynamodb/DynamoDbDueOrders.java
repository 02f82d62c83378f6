package dev.orderreturns.store.dynamodb;

import dev.orderreturns.domain.DueOrders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Due orders from the sparse, sharded {@code DueIndex}: one Query per shard for
 * {@code dueAt <= now}, never a Scan. The index holds keys only; the reconciler reads each order.
 */
public final class DynamoDbDueOrders implements DueOrders {

    public static final String INDEX = "DueIndex";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDueOrders(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<OrderKey> dueBy(Instant now, int limit) {
        List<OrderKey> keys = new ArrayList<>();
        for (String shard : DynamoDbOrderStore.dueShards()) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(INDEX)
                        .keyConditionExpression("dueShard = :shard AND dueAt <= :now")
                        .expressionAttributeValues(Map.of(
                                ":shard", AttributeValue.fromS(shard),
                                ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                        .limit(Math.min(limit - keys.size(), 500));
                if (start != null) {
                    query.exclusiveStartKey(start);
                }
                QueryResponse page = dynamo.query(query.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    OrderKey key = DynamoDbOrderStore.parseKey(item.get("pk").s());
                    if (key != null) {
                        keys.add(key);
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && keys.size() < limit);
            if (keys.size() >= limit) {
                break;
            }
        }
        return keys;
    }
}
