package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Fixtures;
import dev.orderreturns.domain.InMemoryOrderStore;
import dev.orderreturns.domain.InMemoryReturnListings;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.domain.MutableClock;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.routes.PostInvoice;
import dev.orderreturns.functions.routes.PostManualRefund;
import dev.orderreturns.functions.routes.PostRetry;
import dev.orderreturns.functions.routes.PostReturn;
import dev.orderreturns.functions.routes.PutOrder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Both API functions over one in-memory store and queue, with a fixed clock and counted ids, so a
 * run is deterministic; requests go to the function template.yaml maps their route key to. It can
 * snapshot everything stored, to tell whether a request changed anything.
 */
public final class DeskUnderTest {

    public static final Instant START = Instant.parse("2025-11-26T09:00:00Z");
    private static final Set<String> WRITE_ROUTES = Set.of(PutOrder.KEY, PostInvoice.KEY, PostReturn.KEY,
            PostRetry.KEY, PostManualRefund.KEY);

    public final InMemoryOrderStore store = new InMemoryOrderStore();
    public final RecordingRefundQueue queue = new RecordingRefundQueue();
    public final MutableClock clock = new MutableClock(START);
    /** Every (account, orderId) ever saved: the in-memory store cannot list its rows. */
    private final Set<List<String>> keys = new LinkedHashSet<>();
    private final WriteApiFunction write;
    private final ReadApiFunction read;
    private long nextId;

    public DeskUnderTest() {
        // Every store call is passed on; any that carries an order (a save, whatever its name)
        // records the order's key. A proxy, so the fake follows OrderStore as it grows.
        OrderStore tracking = (OrderStore) Proxy.newProxyInstance(OrderStore.class.getClassLoader(),
                new Class<?>[] {OrderStore.class}, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof Order order) {
                        keys.add(List.of(order.account(), order.orderId()));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReturnDesk desk = new ReturnDesk(tracking, queue, clock, this::newId);
        write = new WriteApiFunction(desk, this::newId, clock);
        read = new ReadApiFunction(desk, new ReturnsAcrossOrders(new InMemoryReturnListings(store), tracking, clock));
    }

    private String newId() {
        return "id" + (++nextId);
    }

    /** Routes as template.yaml does: commands to the write function, the rest (catch-all too) to the read one. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return (isCommand(event) ? write : read).handleRequest(event, null);
    }

    /** The same event sent to the function that does not serve its route (API Gateway never does this). */
    public APIGatewayV2HTTPResponse handleByOther(APIGatewayV2HTTPEvent event) {
        return (isCommand(event) ? read : write).handleRequest(event, null);
    }

    private static boolean isCommand(APIGatewayV2HTTPEvent event) {
        return event != null && event.getRouteKey() != null && WRITE_ROUTES.contains(event.getRouteKey());
    }

    /** Everything stored, as comparable values, and the refund jobs sent. */
    public Object snapshot() {
        Map<List<String>, Object> orders = new LinkedHashMap<>();
        for (List<String> key : keys) {
            store.find(key.get(0), key.get(1)).ifPresent(order -> orders.put(key, Fixtures.state(order)));
        }
        return List.of(orders, new ArrayList<>(queue.jobs));
    }

    public Set<List<String>> keys() {
        return Set.copyOf(keys);
    }
}
