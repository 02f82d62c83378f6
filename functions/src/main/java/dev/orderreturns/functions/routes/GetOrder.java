package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.view.OrderView;

/** The order with its invoiced, returned and returnable units, invoices and returns. */
public final class GetOrder implements Route {

    public static final String KEY = "GET /orders/{orderId}";

    private final ReturnDesk desk;

    public GetOrder(ReturnDesk desk) {
        this.desk = desk;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("returns:read");
        return ApiResponse.json(200, OrderView.of(desk.order(caller.account(), request.pathId("orderId"))));
    }
}
