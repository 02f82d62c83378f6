package dev.orderreturns.functions.routes;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.functions.http.Route;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The HTTP API's routes, by the function that serves them (template.yaml maps the same). */
public final class ApiRoutes {

    /** Every route key but the catch-all: what the catch-all matches paths against for 405. */
    public static final List<String> KEYS = List.of(PutOrder.KEY, PostInvoice.KEY, PostReturn.KEY, PostRetry.KEY,
            PostManualRefund.KEY, GetOrder.KEY, GetReturns.KEY, GetReturn.KEY, ListReturns.KEY, ExportReturns.KEY);

    private ApiRoutes() {
    }

    public static List<Route> commands(ReturnDesk desk, Supplier<String> ids, Clock clock) {
        return List.of(new PutOrder(desk, ids, clock), new PostInvoice(desk), new PostReturn(desk),
                new PostRetry(desk), new PostManualRefund(desk));
    }

    public static List<Route> queries(ReturnDesk desk, ReturnsAcrossOrders returns) {
        return List.of(new GetOrder(desk), new GetReturns(desk), new GetReturn(desk), new ListReturns(returns),
                new ExportReturns(returns));
    }
}
