package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.view.ReturnView;

import java.util.LinkedHashMap;
import java.util.Map;

/** The returns of one order, with refund status, parts and history. */
public final class GetReturns implements Route {

    public static final String KEY = "GET /orders/{orderId}/returns";

    private final ReturnDesk desk;

    public GetReturns(ReturnDesk desk) {
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
        Order order = desk.order(caller.account(), orderId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("returns", order.returns().all().stream().map(r -> ReturnView.of(order, r)).toList());
        return ApiResponse.json(200, body);
    }
}
