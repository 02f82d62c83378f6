package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.functions.body.ReturnRequestBody;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.report.DeskReport;
import dev.orderreturns.functions.view.ReturnView;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The operator form: submits a return (201); an {@code Idempotency-Key} replays the first answer. */
public final class PostReturn implements Route {

    public static final String KEY = "POST /orders/{orderId}/returns";
    /** Printable ASCII, as the Idempotency-Key draft standard and common practice allow. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final ReturnDesk desk;

    public PostReturn(ReturnDesk desk) {
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
        String key = request.header("idempotency-key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw Refusal.invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters");
        }
        ReturnRequest returnRequest = ReturnRequestBody.parse(request.jsonBody());
        ReturnDesk.Submitted submitted = desk.submitReturn(caller.account(), orderId, returnRequest, key,
                request.bodyFingerprint(), caller.subject());
        DeskReport.submitted(caller.account(), orderId, submitted.submitted().returnId(), submitted.replayed(),
                submitted.enqueueFailure(), submitted.eventsFailure(), "form");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("location", "/orders/" + orderId + "/returns/" + submitted.submitted().returnId());
        if (submitted.replayed()) {
            headers.put("idempotent-replayed", "true");
        }
        return ApiResponse.json(201, ReturnView.of(submitted.order(), submitted.submitted()), headers);
    }
}
