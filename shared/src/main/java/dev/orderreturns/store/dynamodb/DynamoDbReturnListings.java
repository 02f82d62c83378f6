package dev.orderreturns.store.dynamodb;

import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnListings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Returns across orders from the indexes {@link ReturnIndexes} writes with every order: Query, never
 * Scan. An index entry is an order, keyed by its newest return, so a page lists orders newest first
 * and, within each, the returns that match, newest first.
 *
 * <p>Paging is exact while returns are added: the first page fixes a snapshot time, and every page
 * lists only returns created by then, each order at its key as of the snapshot. An order that got a
 * new return since moved up its index past the snapshot; it is read from there (orders changed since
 * the snapshot are few) and placed where it stood, so none is listed twice or skipped. The cursor
 * holds the snapshot and the key of the last order listed; it is bound to the account and the index.
 */
public final class DynamoDbReturnListings implements ReturnListings {

    /** Index entries read per Query call. */
    private static final int BATCH = 100;
    /** Index entries read for one page at most, so a sparse filter still answers in bounded time. */
    static final int MAX_ENTRIES_PER_PAGE = 1000;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbReturnListings(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** An order from an index: its key as of the snapshot and its returns' summaries. */
    private record Entry(String key, String orderId, List<ReturnIndexes.Summary> summaries) {
    }

    @Override
    public Page list(String account, Filter filter, String cursor, int limit, Instant now) {
        // Unsettled statuses live in the sparse attention index too, which is smaller.
        ReturnIndexes.Index index = filter.attention()
                || (filter.status() != null && filter.status() != RefundStatus.REFUNDED)
                ? ReturnIndexes.Index.ATTENTION : ReturnIndexes.Index.LIST;
        ListingCursor position = cursor == null ? ListingCursor.first(account, index, now)
                : ListingCursor.decode(cursor, account, index);
        String ceiling = ReturnIndexes.key(position.snapshot(), "\uffff");
        String upper = position.after() == null ? ceiling : position.after();
        String lower = filter.from() == null ? null : ReturnIndexes.key(filter.from(), "");

        // The summaries keep creation times to the millisecond: a from with a finer part (a return's own
        // createdAt, as the API shows it) would drop that very return here. Compare at the summaries'
        // precision; ReturnsAcrossOrders filters the orders it reads whole exactly.
        Filter atIndexPrecision = filter.from() == null ? filter : new Filter(filter.status(), filter.attention(),
                filter.from().truncatedTo(ChronoUnit.MILLIS), filter.to());
        List<Entry> moved = movedSince(account, index, ceiling, position.snapshot(), upper, lower);
        IndexReader unmoved = new IndexReader(account, index, upper, lower);
        List<Listed> page = new ArrayList<>();
        String last = null;
        int read = 0;
        int m = 0;
        while (page.size() < limit && read < MAX_ENTRIES_PER_PAGE) {
            Entry next;
            boolean fromMoved = m < moved.size() && (!unmoved.hasNext()
                    || moved.get(m).key().compareTo(unmoved.peek().key()) > 0);
            if (fromMoved) {
                next = moved.get(m++);
            } else if (unmoved.hasNext()) {
                next = unmoved.next();
            } else {
                return new Page(page, null);
            }
            read++;
            last = next.key();
            next.summaries().stream()
                    .filter(s -> !s.createdAt().isAfter(position.snapshot()) && index.lists(s))
                    .filter(s -> atIndexPrecision.accepts(s.status(), s.createdAt(),
                            OrderReturn.needsAttention(s.status(), s.dueAt(), now)))
                    .sorted(Comparator.comparing(ReturnIndexes.Summary::createdAt).reversed())
                    .forEach(s -> page.add(new Listed(next.orderId(), s.returnId())));
        }
        boolean more = m < moved.size() || unmoved.hasNext();
        return new Page(page, more ? position.after(last).encode() : null);
    }

    /** Orders whose key moved past the snapshot since it was taken, at their keys as of the snapshot. */
    private List<Entry> movedSince(String account, ReturnIndexes.Index index, String ceiling, Instant snapshot,
                                   String upper, String lower) {
        List<Entry> moved = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(index.name)
                    .keyConditionExpression("#a = :a AND #k > :ceiling")
                    .expressionAttributeNames(Map.of("#a", index.accountAttribute, "#k", index.keyAttribute))
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(account),
                            ":ceiling", AttributeValue.fromS(ceiling)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                String orderId = orderId(item.get(index.keyAttribute).s());
                List<ReturnIndexes.Summary> summaries = ReturnIndexes.read(item.get(ReturnIndexes.SUMMARY).s());
                java.util.Optional.ofNullable(ReturnIndexes.newest(summaries, snapshot))
                        .map(at -> ReturnIndexes.key(at, orderId))
                        .filter(key -> key.compareTo(upper) < 0 && (lower == null || key.compareTo(lower) >= 0))
                        .ifPresent(key -> moved.add(new Entry(key, orderId, summaries)));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        moved.sort(Comparator.comparing(Entry::key).reversed());
        return moved;
    }

    private static String orderId(String key) {
        return key.substring(key.indexOf('#') + 1);
    }

    /** The index's entries below {@code upper} (and from {@code lower}), newest first, read a batch at a time. */
    private final class IndexReader implements Iterator<Entry> {
        private final String account;
        private final ReturnIndexes.Index index;
        private final String upper;
        private final String lower;
        private final List<Entry> buffer = new ArrayList<>();
        private Map<String, AttributeValue> start;
        private boolean exhausted;

        IndexReader(String account, ReturnIndexes.Index index, String upper, String lower) {
            this.account = account;
            this.index = index;
            this.upper = upper;
            this.lower = lower;
        }

        Entry peek() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.getFirst();
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && !exhausted) {
                fill();
            }
            return !buffer.isEmpty();
        }

        @Override
        public Entry next() {
            Entry entry = peek();
            buffer.removeFirst();
            return entry;
        }

        private void fill() {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(index.name)
                    .scanIndexForward(false).limit(BATCH)
                    .expressionAttributeNames(Map.of("#a", index.accountAttribute, "#k", index.keyAttribute));
            if (lower == null) {
                query.keyConditionExpression("#a = :a AND #k < :upper").expressionAttributeValues(Map.of(
                        ":a", AttributeValue.fromS(account), ":upper", AttributeValue.fromS(upper)));
            } else {
                // BETWEEN is inclusive at both ends: the entry at upper itself is dropped below.
                query.keyConditionExpression("#a = :a AND #k BETWEEN :lower AND :upper").expressionAttributeValues(
                        Map.of(":a", AttributeValue.fromS(account), ":lower", AttributeValue.fromS(lower),
                                ":upper", AttributeValue.fromS(upper)));
            }
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                String key = item.get(index.keyAttribute).s();
                if (key.compareTo(upper) < 0) {
                    buffer.add(new Entry(key, orderId(key), ReturnIndexes.read(item.get(ReturnIndexes.SUMMARY).s())));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            exhausted = start == null;
        }
    }
}
