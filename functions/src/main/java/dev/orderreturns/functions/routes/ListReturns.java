package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.functions.body.ListingQuery;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.view.ReturnView;

import java.util.LinkedHashMap;
import java.util.Map;

/** The account's returns across orders, newest first, filtered and a page at a time. */
public final class ListReturns implements Route {

    public static final String KEY = "GET /returns";

    private final ReturnsAcrossOrders returns;

    public ListReturns(ReturnsAcrossOrders returns) {
        this.returns = returns;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("returns:read");
        ListingQuery query = ListingQuery.read(request, true, 25, 100);
        ReturnsAcrossOrders.Page page = returns.list(caller.account(), query.filter(), query.cursor(), query.limit());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("returns", page.returns().stream().map(f -> ReturnView.of(f.order(), f.orderReturn())).toList());
        body.put("nextCursor", page.nextCursor());
        return ApiResponse.json(200, body);
    }
}
