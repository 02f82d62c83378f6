package dev.orderreturns.it;

import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /returns} over HTTP against the local stack: pages that list every return once while
 * returns are being added, the status filters ({@code attention} included) and the creation-time
 * range, and accounts that never see each other's returns.
 */
@Tag("e2e")
class ReturnsAcrossOrdersTest {

    private static LocalStack stack;
    private static Http http;
    private static DynamoDbOrderStore store;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
        store = new DynamoDbOrderStore(stack.resources().dynamoDb(), stack.resources().tableName("OrdersTable"));
    }

    /** A return as the test knows it: where it is and when it was created. */
    private record Made(String orderId, String returnId, Instant createdAt) {
    }

    private static Made made(Map<String, Object> ret) {
        return new Made((String) ret.get("orderId"), (String) ret.get("returnId"),
                Instant.parse((String) ret.get("createdAt")));
    }

    private static Made returnOne(Operator operator, String orderId, int itemIndex, String invoiceNumber) {
        return made(operator.returnItem(orderId, itemIndex, 1, invoiceNumber));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> returnsOf(Http.Response page) {
        assertEquals(200, page.status(), page.body());
        return (List<Map<String, Object>>) page.json().get("returns");
    }

    private static List<String> ids(List<Map<String, Object>> returns) {
        return returns.stream().map(r -> (String) r.get("returnId")).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Three orders with returns made at different times, read two at a time while returns are added
     * between the pages: to orders already listed, to orders not yet listed (which moves them up the
     * index past the first page), and to a new order. Every return there was when the first page was
     * asked is listed exactly once, in the listing's order (orders by their newest return, newest
     * first, and within each its returns newest first), and none added since.
     */
    @Test
    void pagesListEveryReturnOnceWhileReturnsAreAdded() {
        Operator operator = new Operator(http);
        for (String orderId : List.of("o-a", "o-b", "o-c")) {
            operator.importOrder(orderId);
        }
        List<Made> existing = new ArrayList<>();
        existing.add(returnOne(operator, "o-a", 2, "A-1"));
        existing.add(returnOne(operator, "o-b", 2, "B-1"));
        existing.add(returnOne(operator, "o-c", 2, "C-1"));
        existing.add(returnOne(operator, "o-a", 2, "A-2"));
        existing.add(returnOne(operator, "o-b", 2, "B-2"));
        existing.add(returnOne(operator, "o-c", 0, "C-2"));
        existing.add(returnOne(operator, "o-a", 0, "A-3"));

        List<Made> addedLater = new ArrayList<>();
        List<List<String>> pages = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response page = operator.get("/returns?limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            List<String> ids = ids(returnsOf(page));
            pages.add(ids);
            listed.addAll(ids);
            cursor = (String) page.json().get("nextCursor");
            // between the pages, returns are added everywhere, the orders already listed included
            switch (pages.size()) {
                case 1 -> {
                    addedLater.add(returnOne(operator, "o-a", 1, "A-4"));
                    addedLater.add(returnOne(operator, "o-b", 0, "B-3"));
                    operator.importOrder("o-d");
                    addedLater.add(returnOne(operator, "o-d", 2, "D-1"));
                }
                case 2 -> {
                    addedLater.add(returnOne(operator, "o-c", 1, "C-3"));
                    addedLater.add(returnOne(operator, "o-b", 1, "B-4"));
                    addedLater.add(returnOne(operator, "o-d", 2, "D-2"));
                }
                default -> { }
            }
            assertTrue(pages.size() <= 10, "the listing does not end: " + pages);
        } while (cursor != null);

        assertTrue(pages.size() >= 3, "the limit makes several pages: " + pages);
        for (List<String> page : pages.subList(0, pages.size() - 1)) {
            assertTrue(page.size() >= 2, "a page before the last holds at least the limit: " + pages);
        }
        assertEquals(expectedOrder(existing), listed, "pages " + pages);
        Set<String> later = addedLater.stream().map(Made::returnId).collect(Collectors.toSet());
        assertTrue(listed.stream().noneMatch(later::contains), "nothing added after the first page is listed");

        // a new listing sees them all
        List<String> everything = new ArrayList<>();
        String next = null;
        do {
            Http.Response page = operator.get("/returns?limit=3" + (next == null ? "" : "&cursor=" + encode(next)));
            everything.addAll(ids(returnsOf(page)));
            next = (String) page.json().get("nextCursor");
        } while (next != null);
        List<Made> all = new ArrayList<>(existing);
        all.addAll(addedLater);
        assertEquals(expectedOrder(all), everything);
    }

    /** Orders by their newest return, newest first; within an order, its returns newest first. */
    private static List<String> expectedOrder(List<Made> returns) {
        Map<String, List<Made>> byOrder = returns.stream().collect(Collectors.groupingBy(Made::orderId,
                LinkedHashMap::new, Collectors.toList()));
        return byOrder.values().stream()
                .sorted(Comparator.comparing((List<Made> rs) -> rs.stream().map(Made::createdAt)
                        .max(Instant::compareTo).orElseThrow()).reversed())
                .flatMap(rs -> rs.stream().sorted(Comparator.comparing(Made::createdAt).reversed()))
                .map(Made::returnId).toList();
    }

    /**
     * One return in each state: REFUNDED by the providers, MANUAL_REFUND_REQUIRED (the payment
     * provider's refund-manually), FAILED (written as the reconciler leaves it), PENDING due now, and
     * PENDING due 20 minutes ago (nobody sent its job), which needs attention.
     */
    private record States(Operator operator, Made pendingOverdue, Made refunded, Made manual, Made failed,
                          Made pending, Runnable release) {
    }

    private static final String CLAIMANT = "ReturnsAcrossOrdersTest";

    private States oneReturnInEachState() {
        Operator operator = new Operator(http);
        for (String orderId : List.of("o-p", "o-q", "o-s", "o-t")) {
            operator.importOrder(orderId);
        }
        // Stored as the desk stores it, its job not sent, 20 minutes ago. The stack's own reconciler
        // would send it (it is overdue) and the refund processor pay it while the test lists: the test
        // holds its refund's claim, as a worker paying it would, so any job for it finds it busy.
        String overdueId = UUID.randomUUID().toString().replace("-", "");
        RefundJob overdueJob = new RefundJob(operator.account, "o-s", "ret-" + overdueId);
        DynamoDbRefundClaims claims = new DynamoDbRefundClaims(stack.resources().dynamoDb(),
                stack.resources().tableName("OrdersTable"));
        assertTrue(claims.claim(overdueJob, CLAIMANT, Instant.now(), Instant.now().plus(Duration.ofMinutes(5))));
        java.util.Iterator<String> ids = java.util.stream.Stream.concat(java.util.stream.Stream.of(overdueId),
                java.util.stream.Stream.generate(() -> UUID.randomUUID().toString().replace("-", ""))).iterator();
        ReturnDesk earlier = new ReturnDesk(store, new RecordingRefundQueue(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)), ids::next);
        Made overdue = stored(earlier, operator, "o-s", "S-1");
        assertEquals(overdueJob.returnId(), overdue.returnId());
        Made refunded = returnOne(operator, "o-p", 0, "P-1");
        operator.awaitStatus("o-p", refunded.returnId(), "REFUNDED");
        Samples.awaitIdleRefundQueue(); // the fault is for this return's refund, nobody else's
        Operator.fault(http, "payments", "refund-manually", 1);
        Made manual = returnOne(operator, "o-p", 1, "P-2");
        operator.awaitStatus("o-p", manual.returnId(), "MANUAL_REFUND_REQUIRED");
        ReturnDesk now = new ReturnDesk(store, new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""));
        Made failed = stored(now, operator, "o-q", "Q-1");
        Order order = store.find(operator.account, "o-q").orElseThrow();
        order.returns().find(failed.returnId()).orElseThrow().moveTo(RefundStatus.FAILED, "reconciler",
                "retry budget spent", Instant.now());
        store.save(order, order.version());
        Made pending = stored(now, operator, "o-t", "T-1");
        return new States(operator, overdue, refunded, manual, failed, pending,
                () -> claims.release(overdueJob, CLAIMANT));
    }

    private static Made stored(ReturnDesk desk, Operator operator, String orderId, String invoiceNumber) {
        var submitted = desk.submitReturn(operator.account, orderId, new ReturnRequest(
                List.of(new ReturnRequest.Units(2, 1)), 0, null, invoiceNumber, "Does not fit"), null, "fp", "operator-7")
                .submitted();
        return new Made(orderId, submitted.returnId(), submitted.createdAt());
    }

    /** Every return of a listing, all pages. */
    private static List<Map<String, Object>> listAll(Operator operator, String query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response page = operator.get("/returns?" + query + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            all.addAll(returnsOf(page));
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        return all;
    }

    private static Set<String> idSet(Made... returns) {
        Set<String> ids = new HashSet<>();
        for (Made r : returns) {
            ids.add(r.returnId());
        }
        return ids;
    }

    private static Set<String> listedIds(Operator operator, String query) {
        List<String> ids = ids(listAll(operator, query));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "listed twice: " + ids);
        return new HashSet<>(ids);
    }

    @Test
    void statusFiltersAttentionIncludedAndTheCreationRange() {
        States s = oneReturnInEachState();
        try {
            listsByStateAndCreationTime(s);
        } finally {
            s.release().run();
        }
    }

    private void listsByStateAndCreationTime(States s) {
        Operator operator = s.operator();
        assertEquals(idSet(s.pendingOverdue(), s.refunded(), s.manual(), s.failed(), s.pending()),
                listedIds(operator, "limit=100"));
        assertEquals(idSet(s.refunded()), listedIds(operator, "status=REFUNDED"));
        assertEquals(idSet(s.manual()), listedIds(operator, "status=MANUAL_REFUND_REQUIRED"));
        assertEquals(idSet(s.failed()), listedIds(operator, "status=FAILED"));
        assertEquals(idSet(s.pending(), s.pendingOverdue()), listedIds(operator, "status=PENDING"));
        assertEquals(Set.of(), listedIds(operator, "status=PROCESSING"));
        assertEquals(idSet(s.manual(), s.failed(), s.pendingOverdue()), listedIds(operator, "status=attention"),
                "FAILED, MANUAL_REFUND_REQUIRED and PENDING more than 15 minutes past due; not the one due now");
        for (Map<String, Object> ret : listAll(operator, "status=attention")) {
            assertTrue(List.of("FAILED", "MANUAL_REFUND_REQUIRED", "PENDING").contains(ret.get("status")),
                    ret.toString());
        }

        // from inclusive, to exclusive, on the creation time; with a status too
        String from = s.manual().createdAt().toString();
        String to = s.pending().createdAt().toString();
        assertEquals(idSet(s.manual(), s.failed()), listedIds(operator, "from=" + encode(from) + "&to=" + encode(to)));
        assertEquals(idSet(s.failed(), s.pending()), listedIds(operator, "from="
                + encode(s.failed().createdAt().toString())));
        assertEquals(idSet(s.pendingOverdue()), listedIds(operator, "to=" + encode(s.refunded().createdAt().toString())));
        assertEquals(idSet(s.manual(), s.failed()), listedIds(operator, "status=attention&from=" + encode(from)));
        String today = s.pending().createdAt().toString().substring(0, 10);
        assertTrue(listedIds(operator, "from=" + today + "&to=" + today).contains(s.pending().returnId()),
                "a date-only to takes in that whole day");

        for (String bad : List.of("status=LOST", "from=yesterday", "to=2026-13-01", "from=" + encode(to) + "&to="
                + encode(from), "limit=0", "limit=101")) {
            Http.Response refused = operator.get("/returns?" + bad);
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
            String field = bad.substring(0, bad.indexOf('='));
            assertTrue(refused.errorFields().contains(field.equals("from") && bad.contains("&to=") ? "to" : field),
                    bad + " -> " + refused.body());
        }
    }

    /**
     * Another account sees none of it: an empty list, 404 for the orders and returns, a cursor made
     * for the first account refused, and when both have an order with the same id, only its own.
     */
    @Test
    void anotherAccountSeesNoneOfIt() {
        Operator first = new Operator(http);
        Operator other = new Operator(http);
        for (String orderId : List.of("o-1", "o-2")) {
            first.importOrder(orderId);
        }
        Made mine = returnOne(first, "o-1", 0, "R-1");
        returnOne(first, "o-2", 0, "R-2");
        Http.Response firstPage = first.get("/returns?limit=1");
        String cursor = (String) firstPage.json().get("nextCursor");
        assertTrue(cursor != null, firstPage.body());

        Http.Response empty = other.get("/returns");
        assertEquals(List.of(), returnsOf(empty));
        assertNull(empty.json().get("nextCursor"));
        assertEquals(Set.of(), listedIds(other, "status=attention"));
        assertEquals(404, other.get("/orders/o-1").status());
        assertEquals(404, other.get("/orders/o-1/returns").status());
        assertEquals(404, other.get("/orders/o-1/returns/" + mine.returnId()).status());
        for (String path : List.of("/returns?limit=1&cursor=" + encode(cursor),
                "/returns/export?cursor=" + encode(cursor))) {
            Http.Response refused = other.get(path);
            assertEquals(400, refused.status(), path + " -> " + refused.body());
            assertEquals(List.of("cursor"), refused.errorFields());
        }
        Http.Response otherList = first.get("/returns?status=attention&cursor=" + encode(cursor));
        assertEquals(400, otherList.status(), "a cursor of another listing: " + otherList.body());

        // the same order id in both accounts: each lists its own return only
        other.importOrder("o-1");
        Made theirs = returnOne(other, "o-1", 2, "R-1");
        assertEquals(Set.of(theirs.returnId()), listedIds(other, "limit=100"));
        assertTrue(!listedIds(first, "limit=100").contains(theirs.returnId()));
        for (Map<String, Object> ret : listAll(other, "limit=100")) {
            assertEquals("o-1", ret.get("orderId"));
        }
        Http.Response export = other.get("/returns/export");
        assertEquals(200, export.status());
        assertTrue(export.body().lines().skip(1).allMatch(row -> row.contains(theirs.returnId())), export.body());
        assertTrue(!export.body().contains(mine.returnId()), export.body());
    }

    @Test
    void aReturnThatSettlesBetweenPagesNeitherRepeatsNorHidesTheOthersOfItsOrder() {
        // Order o-a: a1 failed long ago and a2 failed just now; order o-b: b1 failed in between.
        Operator operator = new Operator(http);
        for (String orderId : List.of("o-a", "o-b")) {
            operator.importOrder(orderId);
        }
        Made a1 = stored(new ReturnDesk(store, new RecordingRefundQueue(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-30)), () -> UUID.randomUUID().toString()),
                operator, "o-a", "A-1");
        Made b1 = stored(new ReturnDesk(store, new RecordingRefundQueue(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)), () -> UUID.randomUUID().toString()),
                operator, "o-b", "B-1");
        Made a2 = stored(new ReturnDesk(store, new RecordingRefundQueue(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)), () -> UUID.randomUUID().toString()),
                operator, "o-a", "A-2");
        for (Made made : List.of(a1, b1, a2)) {
            setStatus(operator, made, RefundStatus.FAILED);
        }

        Http.Response first = operator.get("/returns?status=FAILED&limit=1");
        assertEquals(List.of(a2.returnId(), a1.returnId()), ids(returnsOf(first)), "an order's returns stay together");
        // a2 is retried and refunded before the operator turns the page: its order's key must not move down
        setStatus(operator, a2, RefundStatus.REFUNDED);
        List<String> rest = new ArrayList<>();
        String cursor = (String) first.json().get("nextCursor");
        while (cursor != null) {
            Http.Response page = operator.get("/returns?status=FAILED&limit=1&cursor=" + encode(cursor));
            rest.addAll(ids(returnsOf(page)));
            cursor = (String) page.json().get("nextCursor");
        }
        assertEquals(List.of(b1.returnId()), rest, "a1 is not listed again, b1 is listed once");
    }

    private static void setStatus(Operator operator, Made made, RefundStatus status) {
        Order order = store.find(operator.account, made.orderId()).orElseThrow();
        order.returns().find(made.returnId()).orElseThrow().moveTo(status, "ReturnsAcrossOrdersTest", "set by the test",
                Instant.now());
        store.save(order, order.version());
    }
}
