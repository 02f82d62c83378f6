package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.body.InvoiceNotificationBody;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.report.DeskReport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's invoice notification: an {@code Output} invoice is part of the sale (scope
 * orders:write), an {@code Input} one is a return (returns:write). Answers the platform's receipt.
 */
public final class PostInvoice implements Route {

    public static final String KEY = "POST /api/oms/pvt/orders/{orderId}/invoice";

    private final ReturnDesk desk;

    public PostInvoice(ReturnDesk desk) {
        this.desk = desk;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.caller();
        if (!caller.may("orders:write") && !caller.may("returns:write")) {
            request.callerWith("returns:write");
        }
        String orderId = request.pathId("orderId");
        InvoiceNotificationBody body = InvoiceNotificationBody.read(request.jsonBody());
        // Without a valid type no scope applies yet: the body is refused first (400 naming type).
        if (body.type() == null) {
            body.notification();
        }
        request.callerWith(body.type() == InvoiceType.OUTPUT ? "orders:write" : "returns:write");
        ReturnDesk.Recorded recorded = desk.recordInvoice(caller.account(), orderId, body.notification(),
                request.bodyFingerprint(), caller.subject());
        if (recorded.invoice().type() == InvoiceType.INPUT) {
            DeskReport.submitted(caller.account(), orderId, recorded.invoice().returnId(), recorded.replayed(),
                    recorded.enqueueFailure(), recorded.eventsFailure(), "invoice");
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("date", recorded.invoice().recordedAt().toString());
        receipt.put("orderId", orderId);
        receipt.put("receipt", recorded.invoice().receipt());
        return ApiResponse.json(200, receipt);
    }
}
