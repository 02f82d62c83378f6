package dev.orderreturns.store.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.ConcurrentUpdate;
import dev.orderreturns.domain.DueOrders;
import dev.orderreturns.domain.Notes;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.Refusal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * One DynamoDB item per order aggregate, written whole with a condition on its version number:
 * the last reader to write wins nothing, it re-reads (see ReturnDesk). The low-level client is
 * used on purpose: no bean reflection at cold start.
 *
 * <p>Item: {@code pk} = {@code ORDER#<account>#<orderId>} (account and order ids never contain '#'),
 * {@code version}, {@code doc} (the aggregate as JSON, see {@link OrderDocument}), and, while a return has refund work due,
 * {@code dueShard}/{@code dueAt} for the sparse {@code DueIndex} the reconciler queries.
 */
public final class DynamoDbOrderStore implements OrderStore {

    /** DynamoDB's item limit is 400 KB including attribute names; keep a margin for the small attributes. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int SIZE_MARGIN = 1024;
    /** Shards of the due-time index, so no single index partition is hot at scale. */
    public static final int DUE_SHARDS = 16;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbOrderStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String key(String account, String orderId) {
        return "ORDER#" + account + "#" + orderId;
    }

    /** The account and order of a storage key; null for a key that is not an order's. */
    static DueOrders.OrderKey parseKey(String pk) {
        if (!pk.startsWith("ORDER#")) {
            return null;
        }
        int split = pk.indexOf('#', 6);
        return split < 0 ? null : new DueOrders.OrderKey(pk.substring(6, split), pk.substring(split + 1));
    }

    /** The due-index shard of an order: stable for the order, spread evenly over orders. */
    static String dueShard(String pk) {
        return "due-" + Math.floorMod(pk.hashCode(), DUE_SHARDS);
    }

    static List<String> dueShards() {
        return IntStream.range(0, DUE_SHARDS).mapToObj(i -> "due-" + i).toList();
    }

    @Override
    public Optional<Order> find(String account, String orderId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key(account, orderId)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(response.item(), orderId));
    }

    /** Orders of a listing page in BatchGetItem calls of at most 100 keys, strongly consistent. */
    @Override
    public List<Order> findAll(String account, Collection<String> orderIds) {
        List<Map<String, AttributeValue>> keys = orderIds.stream().distinct()
                .map(id -> Map.of("pk", AttributeValue.fromS(key(account, id)))).toList();
        List<Order> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(from + 100, keys.size()))).consistentRead(true).build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > 0) {
                    // Keys DynamoDB left unprocessed (throttled, or over 16 MB of answer): ask again
                    // after a pause that doubles, as AWS advises, and give up rather than spin.
                    if (round > UNPROCESSED_ROUNDS) {
                        throw new IllegalStateException(pending.get(table).keys().size()
                                + " orders still unprocessed after " + UNPROCESSED_ROUNDS + " rounds of BatchGetItem");
                    }
                    pause(Math.min(1000L, 25L << round));
                }
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    found.add(read(item, item.get("pk").s()));
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private static final int UNPROCESSED_ROUNDS = 8;

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading orders", e);
        }
    }

    private static Order read(Map<String, AttributeValue> item, String which) {
        try {
            Map<String, Object> doc = JSON.std.mapFrom(item.get("doc").s());
            return OrderDocumentReader.read(doc, Long.parseLong(item.get("version").n()));
        } catch (IOException e) {
            throw new UncheckedIOException("stored order " + which + " is unreadable", e);
        }
    }

    @Override
    public void save(Order order, long expectedVersion) {
        int reserve = 0;
        for (OrderReturn open : order.returns().open()) {
            reserve += reserveBytes(open);
        }
        put(order, expectedVersion, reserve);
    }

    @Override
    public void saveRefundProgress(Order order, long expectedVersion) {
        put(order, expectedVersion, 0);
    }

    /**
     * The most an open return can still add to the document, at worst: a reference and a card id per
     * part, a cycle's history entries and the last error, each at their length limits, at 3 bytes a
     * character (the most UTF-8 needs per Java char; notes hold no characters JSON would escape
     * longer). Kept free by every save that takes on new work, so recording refund work never is refused.
     */
    static int reserveBytes(OrderReturn open) {
        // a reference, a card id and a provider's refusal
        int perPart = 3 * (RefundPart.MAX_REFERENCE_CHARS * 3 + 40);
        int perHistoryEntry = Notes.MAX_NOTE_CHARS * 3 + 160;
        int lastError = Notes.MAX_NOTE_CHARS * 3 + 40;
        // An outbox event per history entry until published, with the parts as they stood.
        int perEvent = 200 + open.parts().size() * (RefundPart.MAX_REFERENCE_CHARS * 3 * 2 + 250);
        return open.parts().size() * perPart + OrderReturn.MAX_HISTORY_PER_CYCLE * (perHistoryEntry + perEvent)
                + lastError + 64;
    }

    private void put(Order order, long expectedVersion, int reserve) {
        String pk = key(order.account(), order.orderId());
        String doc;
        try {
            doc = JSON.std.asString(OrderDocument.write(order));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long newVersion = expectedVersion + 1;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("version", AttributeValue.fromN(Long.toString(newVersion)));
        item.put("doc", AttributeValue.fromS(doc));
        ReturnIndexes.addTo(item, order);
        Optional<Instant> due = order.returns().nextDueAt();
        if (due.isPresent()) {
            item.put("dueShard", AttributeValue.fromS(dueShard(pk)));
            item.put("dueAt", AttributeValue.fromN(Long.toString(due.get().toEpochMilli())));
        }
        int size = itemSize(item) + reserve;
        if (size > MAX_ITEM_BYTES - SIZE_MARGIN) {
            throw Refusal.orderTooLarge(order.orderId(), size, MAX_ITEM_BYTES - SIZE_MARGIN);
        }
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))));
        }
        try {
            dynamo.putItem(put.build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdate(order.account(), order.orderId(), expectedVersion);
        }
        order.storedAs(newVersion);
    }

    /** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers about 1 byte per 2 digits). */
    public static int itemSize(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                size += v.s().getBytes(StandardCharsets.UTF_8).length;
            } else if (v.n() != null) {
                size += v.n().length() / 2 + 2;
            }
        }
        return size;
    }
}
