package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.JsonBody;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.report.DeskReport;
import dev.orderreturns.functions.view.ReturnView;

import java.util.Map;

/**
 * An operator refunded a {@code MANUAL_REFUND_REQUIRED} part by hand: {@code {reference, note}}.
 * 200 with the return; the same reference again answers the same; any other state is 409.
 */
public final class PostManualRefund implements Route {

    public static final String KEY = "POST /orders/{orderId}/returns/{returnId}/parts/{partId}/manual-refund";
    static final int MAX_REFERENCE = 100;
    static final int MAX_NOTE = 500;

    private final ReturnDesk desk;

    public PostManualRefund(ReturnDesk desk) {
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
        String partId = request.pathParameter("partId");
        if (partId == null || !partId.matches("[A-Za-z0-9._-]{1,120}")) {
            throw Refusal.invalid("partId", "must be a part id of the return, e.g. giftCard or chargeback-{paymentId}");
        }
        Map<String, Object> body = request.jsonBody();
        JsonBody in = new JsonBody();
        String reference = in.string(body, "reference", "reference", true);
        if (reference != null && (reference.isBlank() || reference.codePointCount(0, reference.length()) > MAX_REFERENCE
                || reference.chars().anyMatch(Character::isISOControl))) {
            in.problem("reference", "must be 1 to " + MAX_REFERENCE + " characters, no control characters");
        }
        String note = in.string(body, "note", "note", false);
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) {
            in.problem("note", "must be at most " + MAX_NOTE + " characters");
        }
        in.refuseIfProblems();
        ReturnDesk.Submitted recorded = desk.recordManualRefund(caller.account(), orderId, returnId, partId,
                reference.strip(), note, caller.subject());
        DeskReport.manualRefund(recorded, partId);
        return ApiResponse.json(200, ReturnView.of(recorded.order(), recorded.submitted()),
                recorded.replayed() ? Map.of("idempotent-replayed", "true") : Map.of());
    }
}
