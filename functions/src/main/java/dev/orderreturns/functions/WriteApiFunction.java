package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.InvoiceNotification;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.functions.body.InvoiceNotificationBody;
import dev.orderreturns.functions.body.OrderImportBody;
import dev.orderreturns.functions.body.ReturnRequestBody;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.ApiRoute;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.json.OrderJson;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Commands: import an order, record an invoice notification, submit a return, retry a failed refund. */
public final class WriteApiFunction extends ApiFunction {

    /** Printable ASCII, as the Idempotency-Key draft standard and common practice allow. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public WriteApiFunction() {
        this(Wiring.desk());
    }

    public WriteApiFunction(ReturnDesk desk) {
        super(desk, Set.of(ApiRoute.PUT_ORDER, ApiRoute.POST_INVOICE, ApiRoute.POST_RETURN, ApiRoute.POST_RETRY));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRoute.Match match, ApiRequest request) {
        return switch (match.route()) {
            case PUT_ORDER -> putOrder(match.parameters(), request);
            case POST_INVOICE -> postInvoice(match.parameters(), request);
            case POST_RETURN -> postReturn(match.parameters(), request);
            case POST_RETRY -> postRetry(match.parameters(), request);
            default -> throw new IllegalStateException("not a write route: " + match.route());
        };
    }

    private APIGatewayV2HTTPResponse putOrder(Map<String, String> path, ApiRequest request) {
        Caller caller = request.callerWith("orders:write");
        String orderId = request.idParameter("orderId", path);
        Order incoming = OrderImportBody.parse(request.jsonBody(), caller.account(), orderId, () -> "inv-" + Wiring.newId(),
                Instant.now());
        ReturnDesk.Imported imported = desk.importOrder(incoming);
        return ApiResponse.json(imported.created() ? 201 : 200, OrderJson.orderView(imported.order()));
    }

    private APIGatewayV2HTTPResponse postInvoice(Map<String, String> path, ApiRequest request) {
        Caller caller = request.caller();
        if (!caller.may("orders:write") && !caller.may("returns:write")) {
            request.callerWith("returns:write");
        }
        String orderId = request.idParameter("orderId", path);
        Map<String, Object> body = request.jsonBody();
        // Output invoices are part of the sale (orders:write); Input invoices are returns (returns:write).
        // Without a valid type no scope applies yet: reading the body refuses it (400 naming type).
        InvoiceType type = InvoiceNotificationBody.type(body);
        if (type == null) {
            InvoiceNotificationBody.parse(body);
        }
        request.callerWith(type == InvoiceType.OUTPUT ? "orders:write" : "returns:write");
        InvoiceNotification notification = InvoiceNotificationBody.parse(body);
        ReturnDesk.Recorded recorded = desk.recordInvoice(caller.account(), orderId, notification,
                request.bodyFingerprint(), caller.subject());
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("date", recorded.invoice().recordedAt().toString());
        receipt.put("orderId", orderId);
        receipt.put("receipt", recorded.invoice().receipt());
        return ApiResponse.json(200, receipt);
    }

    private APIGatewayV2HTTPResponse postReturn(Map<String, String> path, ApiRequest request) {
        Caller caller = request.callerWith("returns:write");
        String orderId = request.idParameter("orderId", path);
        String key = request.header("idempotency-key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw Refusal.invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters");
        }
        ReturnRequest returnRequest = ReturnRequestBody.parse(request.jsonBody());
        ReturnDesk.Submitted submitted = desk.submitReturn(caller.account(), orderId, returnRequest, key,
                request.bodyFingerprint(), caller.subject());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("location", "/orders/" + orderId + "/returns/" + submitted.submitted().returnId());
        if (submitted.replayed()) {
            headers.put("idempotent-replayed", "true");
        }
        return ApiResponse.json(201, OrderJson.returnView(submitted.order(), submitted.submitted()), headers);
    }

    private APIGatewayV2HTTPResponse postRetry(Map<String, String> path, ApiRequest request) {
        Caller caller = request.callerWith("returns:write");
        String orderId = request.idParameter("orderId", path);
        String returnId = request.idParameter("returnId", path);
        ReturnDesk.Submitted retried = desk.retryRefund(caller.account(), orderId, returnId, caller.subject());
        return ApiResponse.json(202, OrderJson.returnView(retried.order(), retried.submitted()));
    }
}
