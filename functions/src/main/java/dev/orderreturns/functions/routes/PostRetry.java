package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.report.DeskReport;
import dev.orderreturns.functions.view.ReturnView;

/** An operator puts a FAILED refund back to work (202). */
public final class PostRetry implements Route {

    public static final String KEY = "POST /orders/{orderId}/returns/{returnId}/retry";

    private final ReturnDesk desk;

    public PostRetry(ReturnDesk desk) {
        this.desk = desk;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("returns:write");
        String orderId = request.pathId("orderId");
        String returnId = request.pathId("returnId");
        ReturnDesk.Submitted retried = desk.retryRefund(caller.account(), orderId, returnId, caller.subject());
        DeskReport.retried(retried);
        return ApiResponse.json(202, ReturnView.of(retried.order(), retried.submitted()));
    }
}
