package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.body.OrderImportBody;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.report.DeskReport;
import dev.orderreturns.functions.view.OrderView;

import java.time.Clock;
import java.util.function.Supplier;

/** Imports an order in the platform's format, or takes a re-import of it: 201 new, 200 updated. */
public final class PutOrder implements Route {

    public static final String KEY = "PUT /orders/{orderId}";

    private final ReturnDesk desk;
    private final Supplier<String> ids;
    private final Clock clock;

    public PutOrder(ReturnDesk desk, Supplier<String> ids, Clock clock) {
        this.desk = desk;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("orders:write");
        String orderId = request.pathId("orderId");
        Order incoming = OrderImportBody.parse(request.jsonBody(), caller.account(), orderId,
                () -> "inv-" + ids.get(), clock.instant());
        ReturnDesk.Imported imported = desk.importOrder(incoming);
        DeskReport.imported(imported);
        return ApiResponse.json(imported.created() ? 201 : 200, OrderView.of(imported.order()));
    }
}
