package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.view.ReturnView;

/** One return of an order. */
public final class GetReturn implements Route {

    public static final String KEY = "GET /orders/{orderId}/returns/{returnId}";

    private final ReturnDesk desk;

    public GetReturn(ReturnDesk desk) {
        this.desk = desk;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("returns:read");
        String orderId = request.pathId("orderId");
        String returnId = request.pathId("returnId");
        Order order = desk.order(caller.account(), orderId);
        return ApiResponse.json(200, ReturnView.of(order, desk.orderReturn(caller.account(), orderId, returnId)));
    }
}
