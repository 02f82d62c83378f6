package dev.orderreturns.domain;

import dev.orderreturns.domain.DueOrders.OrderKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.SHIPPING;
import static dev.orderreturns.domain.Fixtures.payments;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardSale;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression tests: one order the reconciler cannot read or write must not stop the others.
 *
 * <p><b>Reconciler: one order that cannot be read or written stops the whole run.</b>
 * {@link Reconciler#run()} catches only {@link ConcurrentUpdate} around {@code store.save} and nothing
 * around {@code store.find}. Any other exception for one order (the store's documented
 * {@code Refusal} TOO_LARGE — marking a return FAILED appends a history entry, which can push an order
 * near the 400 KB limit over it —, an unreadable stored document, a throttled call) propagates out of
 * {@code run()}: the orders after it in the due list are never looked at and no summary is logged.
 * The failing order's write did not happen, so it stays due with the earliest due time; the due index
 * is queried in due-time order, so it comes first again on every scheduled run, and every other
 * overdue return behind it (a lost enqueue, a crashed worker) is never re-enqueued — stored but never
 * refunded, against R8 and "the reconciler re-enqueues returns whose refund is overdue".
 */
class ReconcilerIsolationTest {

    private static final Instant T = NOW.plus(Duration.ofMinutes(10));

    private InMemoryOrderStore rows;
    private RecordingRefundQueue queue;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        rows = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        clock = new MutableClock(T);
        // Two orders, each with one return overdue since NOW + 2 min; ORD-A is listed first.
        for (String orderId : List.of("ORD-A", "ORD-B")) {
            Order order = Order.imported(ACCOUNT, orderId, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", "USD", standardItems(), totals(SHIPPING), payments(), "buyer@example.com"),
                List.of(standardSale()), IMPORTED_AT);
            submit(order, "ret-" + orderId, request("RET-1", 1200, units(0, 1)));
            rows.save(Fixtures.published(order), 0);
        }
    }

    private Reconciler reconciler(OrderStore store) {
        DueOrders due = (now, limit) -> List.of(new OrderKey(ACCOUNT, "ORD-A"), new OrderKey(ACCOUNT, "ORD-B"));
        return new Reconciler(due, store, queue, new InMemoryRefundClaims(), Outbox.UNHEARD, clock, RetrySchedule.DEFAULT);
    }

    @Test
    void anOrderTooLargeToWriteDoesNotStopTheOtherReturnsPastTheirBudgetFromBeingGivenUp() {
        clock.set(NOW.plus(Duration.ofHours(25)));
        OrderStore store = new OrderStore() {
            @Override
            public Optional<Order> find(String account, String orderId) {
                return rows.find(account, orderId);
            }

            @Override
            public void save(Order order, long expectedVersion) {
                rows.save(order, expectedVersion);
            }

            @Override
            public void saveRefundProgress(Order order, long expectedVersion) {
                if (order.orderId().equals("ORD-A")) {
                    throw Refusal.orderTooLarge("ORD-A", 409700, 408576);
                }
                rows.saveRefundProgress(order, expectedVersion);
            }
        };

        Reconciler.Summary summary = assertDoesNotThrow(() -> reconciler(store).run(),
                "one order that cannot be written must not stop the reconciliation of the others");
        assertEquals(RefundStatus.FAILED, rows.stored(ACCOUNT, "ORD-B").returns().find("ret-ORD-B").orElseThrow().status());
        assertEquals(RefundStatus.PENDING, rows.stored(ACCOUNT, "ORD-A").returns().find("ret-ORD-A").orElseThrow().status());
        assertEquals(1, summary.failed());
        assertEquals(1, summary.orderTroubles().size());
    }

    @Test
    void anOrderThatCannotBeReadDoesNotStopTheOtherOverdueReturnsFromBeingReenqueued() {
        OrderStore store = new OrderStore() {
            @Override
            public Optional<Order> find(String account, String orderId) {
                if (orderId.equals("ORD-A")) {
                    throw new IllegalStateException("stored document of ORD-A cannot be parsed");
                }
                return rows.find(account, orderId);
            }

            @Override
            public void save(Order order, long expectedVersion) {
                rows.save(order, expectedVersion);
            }

            @Override
            public void saveRefundProgress(Order order, long expectedVersion) {
                rows.saveRefundProgress(order, expectedVersion);
            }
        };

        assertDoesNotThrow(() -> reconciler(store).run(),
                "one order that cannot be read must not stop the reconciliation of the others");
        assertEquals(List.of(new RefundJob(ACCOUNT, "ORD-B", "ret-ORD-B")), queue.jobs);
    }
}
