package dev.orderreturns.functions;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.routes.ApiRoutes;

/**
 * Queries: an order with its returnable units, its returns, one return. Also the API's catch-all
 * route, so unknown paths and methods get problem details (404, 405).
 */
public final class ReadApiFunction extends ApiFunction {

    public ReadApiFunction() {
        this(Wiring.desk());
    }

    public ReadApiFunction(ReturnDesk desk) {
        super(ApiRoutes.queries(desk));
    }
}
