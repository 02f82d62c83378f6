package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.ApiRoute;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.json.OrderJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Queries: an order with its returnable units, its returns, one return. Also answers the API's
 * catch-all route, so unknown paths and methods get problem details (404, 405).
 */
public final class ReadApiFunction extends ApiFunction {

    public ReadApiFunction() {
        this(Wiring.desk());
    }

    public ReadApiFunction(ReturnDesk desk) {
        super(desk, Set.of(ApiRoute.GET_ORDER, ApiRoute.GET_RETURNS, ApiRoute.GET_RETURN));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRoute.Match match, ApiRequest request) {
        Caller caller = request.callerWith("returns:read");
        String orderId = request.idParameter("orderId", match.parameters());
        return switch (match.route()) {
            case GET_ORDER -> ApiResponse.json(200, OrderJson.orderView(desk.order(caller.account(), orderId)));
            case GET_RETURNS -> {
                Order order = desk.order(caller.account(), orderId);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("orderId", orderId);
                body.put("returns", order.returns().stream().map(r -> OrderJson.returnView(order, r)).toList());
                yield ApiResponse.json(200, body);
            }
            case GET_RETURN -> {
                String returnId = request.idParameter("returnId", match.parameters());
                Order order = desk.order(caller.account(), orderId);
                OrderReturn found = order.findReturn(returnId).orElseThrow(
                        () -> Refusal.notFound("return " + returnId + " of order " + orderId));
                yield ApiResponse.json(200, OrderJson.returnView(order, found));
            }
            default -> throw new IllegalStateException("not a read route: " + match.route());
        };
    }
}
