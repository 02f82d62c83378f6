package dev.orderreturns.functions;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.functions.routes.ApiRoutes;

/**
 * Queries: an order with its returnable units, its returns, one return; returns across orders and
 * their export. Also the API's catch-all
 * route, so unknown paths and methods get problem details (404, 405).
 */
public final class ReadApiFunction extends ApiFunction {

    /** What Lambda instantiates: the deployed wiring, and SnapStart's hooks (see {@link Priming}). */
    public ReadApiFunction() {
        this(Wiring.desk(), Wiring.returnsAcrossOrders());
        Priming.register(Priming.Paths.QUERIES);
    }

    public ReadApiFunction(ReturnDesk desk, ReturnsAcrossOrders returns) {
        super(ApiRoutes.queries(desk, returns));
    }
}
