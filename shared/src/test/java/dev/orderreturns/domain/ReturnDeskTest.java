package dev.orderreturns.domain;

import dev.orderreturns.domain.InvoiceNotification.SkuLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.assertRefused;
import static dev.orderreturns.domain.Fixtures.line;
import static dev.orderreturns.domain.Fixtures.payments;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.sale;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.standardSale;
import static dev.orderreturns.domain.Fixtures.state;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.Refusal.Kind.CONFLICT;
import static dev.orderreturns.domain.Refusal.Kind.INVALID;
import static dev.orderreturns.domain.Refusal.Kind.NOT_FOUND;
import static dev.orderreturns.domain.Refusal.Kind.UNPROCESSABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReturnDeskTest {

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private ReturnDesk desk;
    private final AtomicInteger nextId = new AtomicInteger();

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        desk = new ReturnDesk(store, queue, Clock.fixed(NOW, ZoneOffset.UTC), () -> String.valueOf(nextId.incrementAndGet()));
        store.save(standardOrder(), 0);
    }

    private Order stored() {
        return store.stored(ACCOUNT, ORDER_ID);
    }

    private static InvoiceNotification input(String number, long value, SkuLine... lines) {
        return new InvoiceNotification(InvoiceType.INPUT, number, value, "2025-03-01T08:00:00Z", List.of(lines));
    }

    private static SkuLine sku(String skuId, long quantity, long price, String description) {
        return new SkuLine(skuId, quantity, price, description);
    }

    // ---- submitting ----

    @Test
    void submitStoresTheReturnPendingDueAfterTheGraceAndSendsOneJob() {
        ReturnDesk.Submitted result = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 1200, units(0, 1)),
                null, null, ACTOR);

        assertFalse(result.replayed());
        assertEquals("ret-1", result.submitted().returnId());
        Order stored = stored();
        assertEquals(3, stored.version(), "the return and its event, then the published event taken out");
        assertEquals(List.of(), stored.outbox());
        OrderReturn r = stored.returns().find("ret-1").orElseThrow();
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(NOW, r.dueAt());
        assertEquals(NOW, r.retry().since());
        assertEquals(NOW, r.createdAt());
        assertEquals(RefundPlan.of("USD", 1250, 1200, 1850, 600), r.plan());
        assertEquals(List.of(new HistoryEntry(NOW, RefundStatus.PENDING, ACTOR,
                r.history().getFirst().note())), r.history());
        assertEquals(NOW.toString(), stored.invoices().find("RET-1").orElseThrow().issuanceDate());
        assertEquals(NOW, stored.returns().nextDueAt().orElseThrow());
        assertEquals(state(stored), state(result.order()));

        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
        assertEquals(1, queue.sends);
    }

    @Test
    void whenTheQueueThrowsTheReturnIsStillStoredPendingAndTheCallSucceeds() {
        queue.failWith = new IllegalStateException("queue unavailable");
        ReturnDesk.Submitted result = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(1, 2)),
                null, null, ACTOR);

        assertEquals("ret-1", result.submitted().returnId());
        assertEquals(1, queue.sends);
        assertEquals(List.of(), queue.jobs);
        OrderReturn r = stored().returns().find("ret-1").orElseThrow();
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(NOW, r.dueAt());
        assertEquals(1, stored().returns().size());
    }

    @Test
    void sameIdempotencyKeyAndFingerprintReplaysTheFirstReturn() {
        ReturnRequest req = request("RET-1", 0, units(0, 1));
        ReturnDesk.Submitted first = desk.submitReturn(ACCOUNT, ORDER_ID, req, "key-1", "fp-A", ACTOR);
        long version = store.version(ACCOUNT, ORDER_ID);
        int saves = store.saves;

        ReturnDesk.Submitted again = desk.submitReturn(ACCOUNT, ORDER_ID, req, "key-1", "fp-A", ACTOR);

        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertEquals(first.submitted().returnId(), again.submitted().returnId());
        assertEquals(state(first.submitted()), state(again.submitted()));
        assertEquals(1, stored().returns().size());
        assertEquals(version, store.version(ACCOUNT, ORDER_ID));
        assertEquals(saves, store.saves);
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, first.submitted().returnId())), queue.jobs);
        assertEquals(new IdempotencyRecord("fp-A", first.submitted().returnId(), NOW),
                stored().idempotencyRecord("key-1").orElseThrow());
    }

    @Test
    void sameIdempotencyKeyWithAnotherFingerprintIsRefused() {
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), "key-1", "fp-A", ACTOR);
        Fixtures.OrderState before = state(stored());

        assertRefused(UNPROCESSABLE, "idempotency-key-reused", List.of("Idempotency-Key"),
                () -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-2", 0, units(1, 1)), "key-1", "fp-B", ACTOR));

        assertEquals(before, state(stored()));
        assertEquals(1, queue.jobs.size());
    }

    @Test
    void differentIdempotencyKeysMakeDifferentReturns() {
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), "key-1", "fp-A", ACTOR);
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-2", 0, units(0, 1)), "key-2", "fp-B", ACTOR);
        assertEquals(2, stored().returns().size());
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1"), new RefundJob(ACCOUNT, ORDER_ID, "ret-2")),
                queue.jobs);
    }

    @Test
    void refusedSubmitStoresNothingAndSendsNoJob() {
        Fixtures.OrderState before = state(stored());
        assertRefused(UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].quantity"),
                () -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 3)), "key-1", "fp-A", ACTOR));
        assertEquals(before, state(stored()));
        assertEquals(List.of(), queue.jobs);
        // the key was not used up by the refused request
        assertTrue(stored().idempotencyRecord("key-1").isEmpty());
    }

    @Test
    void unknownOrderIsNotFound() {
        Refusal refusal = assertRefused(NOT_FOUND, "not-found", List.of(),
                () -> desk.submitReturn(ACCOUNT, "ORD-404", request("RET-1", 0, units(0, 1)), null, null, ACTOR));
        assertTrue(refusal.detail().contains("ORD-404"), refusal.detail());
        assertEquals(0, queue.sends);
    }

    @Test
    void orderOfAnotherAccountIsNotFound() {
        assertRefused(NOT_FOUND, "not-found", List.of(),
                () -> desk.submitReturn("other-store", ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR));
        assertRefused(NOT_FOUND, "not-found", List.of(), () -> desk.order("other-store", ORDER_ID));
        assertEquals(0, stored().returns().size());
    }

    @Test
    void unknownReturnIsNotFound() {
        assertRefused(NOT_FOUND, "not-found", List.of(), () -> desk.orderReturn(ACCOUNT, ORDER_ID, "nope"));
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR);
        assertEquals("RET-1", desk.orderReturn(ACCOUNT, ORDER_ID, "ret-1").entranceInvoiceNumber());
    }

    // ---- concurrency ----

    @Test
    void versionConflictRereadsAndRevalidatesSoACompetingReturnWins() {
        store.beforeNextSave(() -> {
            Order rival = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(rival, "rival-1", request("RIVAL-1", 0, units(0, 2)));
            store.save(rival, rival.version());
        });

        assertRefused(UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].quantity"),
                () -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 2)), null, null, ACTOR));

        Order stored = stored();
        assertEquals(1, stored.returns().size());
        assertEquals("rival-1", stored.returns().all().getFirst().returnId());
        assertEquals(2, stored.returns().returnedUnits(0));
        assertTrue(stored.invoices().find("RET-1").isEmpty());
        assertEquals(1, store.conflicts);
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void versionConflictRetriesOnTheFreshOrderAndKeepsBothReturns() {
        store.beforeNextSave(() -> {
            Order rival = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(rival, "rival-1", request("RIVAL-1", 1500, units(0, 1)));
            store.save(rival, rival.version());
        });

        ReturnDesk.Submitted result = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 500, units(0, 1)),
                null, null, ACTOR);

        Order stored = stored();
        assertEquals(2, stored.returns().size());
        assertEquals(List.of("rival-1", result.submitted().returnId()),
                stored.returns().all().stream().map(OrderReturn::returnId).toList());
        assertEquals(0, stored.returnableUnits(0));
        assertEquals(2000, stored.returns().additionalValueReturned());
        assertEquals(4, stored.version(), "the rival, this return, its event taken out of the outbox");
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, result.submitted().returnId())), queue.jobs);
    }

    @Test
    void versionConflictRevalidatesTheShippingCap() {
        store.beforeNextSave(() -> {
            Order rival = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(rival, "rival-1", request("RIVAL-1", 1200));
            store.save(rival, rival.version());
        });
        assertRefused(UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("additionalValue"),
                () -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 900), null, null, ACTOR));
        assertEquals(1200, stored().returns().additionalValueReturned());
        assertEquals(1, stored().returns().size());
    }

    @Test
    void versionConflictOnAnIdempotentRequestReplaysTheCompetingWrite() {
        // the same request with the same key got in first (a client retry racing the original)
        store.beforeNextSave(() -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)),
                "key-1", "fp-A", ACTOR));
        ReturnDesk.Submitted result = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)),
                "key-1", "fp-A", ACTOR);
        assertTrue(result.replayed());
        assertEquals(1, stored().returns().size());
        assertEquals(stored().returns().all().getFirst().returnId(), result.submitted().returnId());
        assertEquals(1, queue.jobs.size());
    }

    @Test
    void endlessVersionConflictsGiveUpWithConflict() {
        Fixtures.OrderState before = state(stored());
        store.alwaysConflict(true);
        int savesBefore = store.saves;
        assertRefused(CONFLICT, "concurrent-update", List.of(),
                () -> desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR));
        assertEquals(ReturnDesk.MAX_WRITE_ATTEMPTS, store.saves - savesBefore);
        store.alwaysConflict(false);
        assertEquals(before, state(stored()));
        assertEquals(List.of(), queue.jobs);
    }

    // ---- importing ----

    @Test
    void importCreatesThenTakesAReimport() {
        InMemoryOrderStore fresh = new InMemoryOrderStore();
        ReturnDesk other = new ReturnDesk(fresh, queue, Clock.fixed(NOW, ZoneOffset.UTC), () -> "x");
        ReturnDesk.Imported created = other.importOrder(standardOrder());
        assertTrue(created.created());
        assertEquals(1, fresh.version(ACCOUNT, ORDER_ID));

        Invoice hat = sale("NF-101", 3000, line(2, "sku-c", 1, 3000));
        Order again = Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("delivered", "2025-02-19T12:00:00Z", "USD", standardItems(), totals(2000), payments(), "buyer@example.com"),
                List.of(standardSale(), hat), NOW);
        ReturnDesk.Imported updated = other.importOrder(again);
        assertFalse(updated.created());
        Order stored = fresh.stored(ACCOUNT, ORDER_ID);
        assertEquals(2, stored.version());
        assertEquals("delivered", stored.status());
        assertEquals(2, stored.invoices().size());
        assertEquals(NOW, stored.updatedAt());
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void refusedReimportStoresNothing() {
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR);
        Fixtures.OrderState before = state(stored());
        Order changed = Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", "EUR", standardItems(), totals(2000), payments(), "buyer@example.com"),
                List.of(standardSale()), NOW);
        assertRefused(CONFLICT, "order-has-returns", List.of("storePreferencesData.currencyCode"),
                () -> desk.importOrder(changed));
        assertEquals(before, state(stored()));
    }

    // ---- invoice notifications ----

    @Test
    void inputNotificationRecordsAReturnAndSendsOneJob() {
        InvoiceNotification n = input("RET-9", 3900, sku("sku-a", 2, 1250, "Damaged"), sku("sku-b", 1, 900, null));
        ReturnDesk.Recorded recorded = desk.recordInvoice(ACCOUNT, ORDER_ID, n, "fp-1", "platform");

        assertFalse(recorded.replayed());
        assertEquals(new Invoice(InvoiceType.INPUT, "RET-9", "2025-03-01T08:00:00Z", 3900,
                List.of(line(0, "sku-a", 2, 1250), line(1, "sku-b", 1, 900)), "ret-1", "ret-1", "fp-1", NOW),
                recorded.invoice());
        OrderReturn r = stored().returns().find("ret-1").orElseThrow();
        assertEquals(RefundPlan.of("USD", 3400, 500, 3650, 250), r.plan());
        assertEquals("Damaged", r.reason());
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(NOW, r.dueAt());
        assertEquals("platform", r.history().getFirst().actor());
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
    }

    @Test
    void inputNotificationSentAgainReplaysTheSameReceipt() {
        InvoiceNotification n = input("RET-9", 3900, sku("sku-a", 2, 1250, "Damaged"), sku("sku-b", 1, 900, null));
        ReturnDesk.Recorded first = desk.recordInvoice(ACCOUNT, ORDER_ID, n, "fp-1", "platform");
        Fixtures.OrderState before = state(stored());

        ReturnDesk.Recorded again = desk.recordInvoice(ACCOUNT, ORDER_ID, n, "fp-1", "platform");

        assertTrue(again.replayed());
        assertEquals(first.invoice(), again.invoice());
        assertEquals("ret-1", again.invoice().receipt());
        assertEquals(before, state(stored()));
        assertEquals(1, stored().returns().size());
        assertEquals(1, queue.jobs.size());
    }

    @Test
    void inputNotificationWithAnotherBodyAndTheSameInvoiceNumberIsConflict() {
        desk.recordInvoice(ACCOUNT, ORDER_ID, input("RET-9", 2500, sku("sku-a", 2, 1250, null)), "fp-1", "platform");
        Fixtures.OrderState before = state(stored());

        assertRefused(CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("RET-9", 900, sku("sku-b", 1, 900, null)),
                        "fp-2", "platform"));
        assertRefused(CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("ret-9", 900, sku("sku-b", 1, 900, null)),
                        "fp-3", "platform"));

        assertEquals(before, state(stored()));
        assertEquals(1, queue.jobs.size());
    }

    @Test
    void inputNotificationNumberedLikeASaleInvoiceIsConflictOnInvoiceNumber() {
        assertRefused(CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("NF-100", 900, sku("sku-b", 1, 900, null)),
                        "fp-1", "platform"));
        assertEquals(0, stored().returns().size());
    }

    @Test
    void inputNotificationRefusalsNameNotificationFields() {
        assertRefused(INVALID, "invalid-request", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("RET 9", 900, sku("sku-b", 1, 900, null)),
                        "fp-1", "platform"));
        // items 1250, invoice value 3251: additional 2001 is above the shipping of 2000
        assertRefused(UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("invoiceValue"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("RET-9", 3251, sku("sku-a", 1, 1250, null)),
                        "fp-2", "platform"));
        assertRefused(INVALID, "invalid-request", List.of("items"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID, input("RET-9", 0), "fp-3", "platform"));
        assertEquals(0, stored().returns().size());
        assertEquals(1, stored().invoices().size());
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void outputNotificationRecordsASaleInvoiceWithoutAJob() {
        InvoiceNotification n = new InvoiceNotification(InvoiceType.OUTPUT, "NF-101", 3000, "2025-03-01T08:00:00Z",
                List.of(new SkuLine("sku-c", 1, 3000, null)));
        ReturnDesk.Recorded recorded = desk.recordInvoice(ACCOUNT, ORDER_ID, n, "fp-1", "platform");
        assertFalse(recorded.replayed());
        assertEquals(new Invoice(InvoiceType.OUTPUT, "NF-101", "2025-03-01T08:00:00Z", 3000,
                List.of(line(2, "sku-c", 1, 3000)), "inv-1", null, "fp-1", NOW), recorded.invoice());
        assertEquals(1, stored().returnableUnits(2));
        assertEquals(List.of(), queue.jobs);

        ReturnDesk.Recorded again = desk.recordInvoice(ACCOUNT, ORDER_ID, n, "fp-1", "platform");
        assertTrue(again.replayed());
        assertEquals("inv-1", again.invoice().receipt());
        assertEquals(2, stored().invoices().size());
        assertNull(again.invoice().returnId());
    }

    // ---- operator retry ----

    @Test
    void operatorRetryOfAFailedRefundMakesItPendingAndSendsAJob() {
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR);
        Order failed = store.find(ACCOUNT, ORDER_ID).orElseThrow();
        OrderReturn r = failed.returns().find("ret-1").orElseThrow();
        r.retried(r.retry().failed("down", NOW, RetrySchedule.DEFAULT).settled());
        r.moveTo(RefundStatus.FAILED, "reconciler", "retries exhausted", NOW);
        store.save(failed, failed.version());

        ReturnDesk.Submitted retried = desk.retryRefund(ACCOUNT, ORDER_ID, "ret-1", "operator-7");

        assertFalse(retried.replayed());
        OrderReturn stored = stored().returns().find("ret-1").orElseThrow();
        assertEquals(RefundStatus.PENDING, stored.status());
        assertEquals(0, stored.attempts());
        assertEquals(NOW, stored.dueAt());
        assertEquals("operator-7", stored.history().getLast().actor());
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1"), new RefundJob(ACCOUNT, ORDER_ID, "ret-1")),
                queue.jobs);
    }

    @Test
    void operatorRetryOfAPendingRefundIsConflictAndSendsNoJob() {
        desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null, null, ACTOR);
        Fixtures.OrderState before = state(stored());
        assertRefused(CONFLICT, "refund-not-failed", List.of(),
                () -> desk.retryRefund(ACCOUNT, ORDER_ID, "ret-1", "operator-7"));
        assertRefused(NOT_FOUND, "not-found", List.of(),
                () -> desk.retryRefund(ACCOUNT, ORDER_ID, "ret-404", "operator-7"));
        assertEquals(before, state(stored()));
        assertEquals(1, queue.jobs.size());
    }

    // ---- regression: R3 is checked before the body's units (fixed in main on 2026-11-26) ----

    @Test
    void inputResentWithAnotherBodyIsInvoiceNumberConflictEvenWhenItsUnitsAreGone() {
        List<SkuLine> lines = List.of(sku("sku-a", 2, 1250, "Damaged"));
        desk.recordInvoice(ACCOUNT, ORDER_ID,
                new InvoiceNotification(InvoiceType.INPUT, "RET-9", 2500, "2025-03-01", lines), "fp-1", "platform");
        Fixtures.OrderState before = state(stored());

        assertRefused(CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID,
                        new InvoiceNotification(InvoiceType.INPUT, "RET-9", 2500, "2025-03-01T00:00:00Z", lines),
                        "fp-2", "platform"));
        assertEquals(before, state(stored()));
        assertEquals(1, queue.jobs.size());
    }

    @Test
    void outputResentWithAnotherBodyIsInvoiceNumberConflictEvenWhenItsUnitsAreInvoiced() {
        Fixtures.OrderState before = state(stored());
        // NF-100 was imported with the order, so the order has no fingerprint for it
        assertRefused(CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> desk.recordInvoice(ACCOUNT, ORDER_ID,
                        new InvoiceNotification(InvoiceType.OUTPUT, "NF-100", 7200, "2025-02-20",
                                List.of(new SkuLine("sku-a", 2, 1250, null), new SkuLine("sku-b", 3, 900, null))),
                        "fp-1", "platform"));
        assertEquals(before, state(stored()));
        assertEquals(List.of(), queue.jobs);
    }
}
