// Usage, from the repository root after ./mvnw -q -o -DskipTests package: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.OrderSizes
package dev.orderreturns.bench;

import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What an order costs to store, measured on the local stack: the item's size (DynamoDB's rule:
 * names plus values) after import and after a refunded return for the sample order, how it grows
 * with every return on one order (the aggregate is rewritten whole, so each write's units grow with
 * it), and the largest order the 400 KB item holds, by lines and by returns. Write units are
 * ceil(size / 1 KB) per put; a strongly consistent read is ceil(size / 4 KB) read units.
 */
public final class OrderSizes {

    private static java.io.PrintStream OUT = System.out;

    private OrderSizes() {
    }

    public static void main(String[] args) throws Exception {
        OUT = BenchHttp.redirectStackLogs("order-sizes");
        Path root = RepoPaths.root();
        OUT.println("order item sizes on the local stack; " + BenchHttp.machineLoad());
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false)
                .withThrottling(LocalStack.TEST_THROTTLING).withSettings(LocalStack.TEST_RETRY_WAITS))) {
            BenchHttp http = new BenchHttp(stack.baseUrl());
            String account = "sz-" + UUID.randomUUID().toString().substring(0, 8);
            String token = http.token(account);
            Sizes sizes = new Sizes(stack, account);

            // 1. the sample order and the sample return, refunded
            String sample = "sample-1";
            BenchHttp.require(http.send("PUT", "/orders/" + sample, token, BenchHttp.orderBody(root, sample), Map.of()), 201,
                    "import the sample order");
            int imported = sizes.of(sample);
            String returnBody = (String) BenchHttp.event(root, "post-return.json").get("body");
            BenchHttp.Answer created = http.send("POST", "/orders/" + sample + "/returns", token, returnBody, Map.of());
            BenchHttp.require(created, 201, "submit the sample return");
            awaitRefunded(http, token, sample, (String) created.json().get("returnId"));
            int refunded = sizes.of(sample);
            OUT.println(String.format(Locale.ROOT, "sample order: %d bytes imported (%d WCU per put), %d bytes with its"
                    + " refunded return (%d WCU per put, %d RRU per consistent read)", imported, wcu(imported), refunded,
                    wcu(refunded), rru(refunded)));

            // 2. the largest order by lines: the API takes at most 1,000 lines
            String widest = "lines-1000";
            BenchHttp.Answer wide = http.send("PUT", "/orders/" + widest, token, order(widest, 1000, 5), Map.of());
            OUT.println("an order of 1,000 lines (the API's limit), 5 units each: import answered " + wide.status()
                    + (wide.status() == 201 ? ", " + sizes.of(widest) + " bytes, " + wcu(sizes.of(widest)) + " WCU per put"
                    : ": " + wide.body()));

            // 3. returns on one order until the item is full: one unit of one line each, refunded
            String busy = "returns-many";
            BenchHttp.require(http.send("PUT", "/orders/" + busy, token, order(busy, 200, 5), Map.of()), 201,
                    "import the order for many returns");
            int start = sizes.of(busy);
            OUT.println("an order of 200 lines x 5 units: " + start + " bytes before any return");
            OUT.println("returns  item bytes  WCU/put  write units for this return (2 submit puts + 2 refund puts + claim put and delete)");
            int k = 0;
            int last = start;
            List<Integer> marks = List.of(1, 2, 5, 10, 20, 50, 100, 150, 200, 300, 400, 500, 750, 1000);
            String refusal = null;
            while (k < 1000) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("items", List.of(Map.of("itemIndex", k % 200, "quantity", 1)));
                body.put("entranceInvoiceNumber", "RET-" + k);
                body.put("reason", "Customer changed their mind");
                BenchHttp.Answer a = http.send("POST", "/orders/" + busy + "/returns", token, BenchHttp.toJson(body), Map.of());
                if (a.status() != 201) {
                    refusal = a.status() + " " + a.body();
                    break;
                }
                k++;
                awaitRefunded(http, token, busy, (String) a.json().get("returnId"));
                last = sizes.of(busy);
                if (marks.contains(k)) {
                    OUT.println(String.format(Locale.ROOT, "%7d  %10d  %7d  %d", k, last, wcu(last), 4 * wcu(last) + 2));
                }
            }
            OUT.println(String.format(Locale.ROOT, "the order took %d returns; %d bytes (%.0f bytes per refunded return)%s",
                    k, last, k == 0 ? 0.0 : (last - start) / (double) k,
                    refusal == null ? "" : "; the next was refused: " + refusal));
        }
        OUT.println("machine after: " + BenchHttp.machineLoad());
    }

    /** ceil(bytes / 1 KB): on-demand write request units per put of an item this size. */
    static int wcu(int bytes) {
        return (bytes + 1023) / 1024;
    }

    /** ceil(bytes / 4 KB): read request units per strongly consistent read. */
    static int rru(int bytes) {
        return (bytes + 4095) / 4096;
    }

    private record Sizes(LocalStack stack, String account) {
        int of(String orderId) {
            Map<String, AttributeValue> item = stack.resources().dynamoDb().getItem(GetItemRequest.builder()
                    .tableName(stack.resources().tableName("OrdersTable")).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(DynamoDbOrderStore.key(account, orderId)))).build()).item();
            return DynamoDbOrderStore.itemSize(item);
        }
    }

    private static void awaitRefunded(BenchHttp http, String token, String orderId, String returnId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            BenchHttp.Answer a = http.send("GET", "/orders/" + orderId + "/returns/" + returnId, token, null, Map.of());
            Object status = a.status() == 200 ? ((Map<?, ?>) a.json().get("refund")).get("status") : null;
            if ("REFUNDED".equals(status) || "REFUNDED".equals(a.json().get("status"))) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("return " + returnId + " of " + orderId + " was not refunded within 60 s");
    }

    /** An invoiced order of {@code lines} lines of {@code units} units at 12.34, one payment, one output invoice. */
    static String order(String orderId, int lines, int units) {
        List<Object> items = new ArrayList<>();
        List<Object> invoiced = new ArrayList<>();
        long price = 1234;
        for (int i = 0; i < lines; i++) {
            items.add(Map.of("uniqueId", String.format(Locale.ROOT, "%032X", i + 1), "id", Integer.toString(3000 + i),
                    "name", "Sample product " + i + " - Blue, M", "quantity", units, "price", price, "sellingPrice", price));
            invoiced.add(Map.of("itemIndex", i, "quantity", units, "price", price));
        }
        long value = price * units * lines;
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", orderId);
        order.put("status", "invoiced");
        order.put("creationDate", "2025-11-20T14:32:10.000Z");
        order.put("items", items);
        order.put("totals", List.of(Map.of("id", "Items", "value", value), Map.of("id", "Shipping", "value", 0),
                Map.of("id", "Discounts", "value", 0), Map.of("id", "Tax", "value", 0)));
        order.put("paymentData", Map.of("transactions", List.of(Map.of("transactionId", "T" + orderId, "payments",
                List.of(Map.of("id", "P" + orderId, "paymentSystemName", "Visa", "value", value))))));
        order.put("storePreferencesData", Map.of("currencyCode", "USD"));
        order.put("packageAttachment", Map.of("packages", List.of(Map.of("type", "Output", "invoiceNumber", "NF-" + orderId,
                "invoiceValue", value, "issuanceDate", "2025-11-21T10:00:00.000Z", "items", invoiced))));
        return BenchHttp.toJson(order);
    }
}
