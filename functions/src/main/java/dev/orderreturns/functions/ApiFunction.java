package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.ApiRoute;
import dev.orderreturns.log.Log;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every HTTP API function does around its routes: select the route from the method and path
 * (404 and 405 as problem details), turn refusals into problem details, and never let an
 * unexpected failure escape as anything but a logged 500 problem.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    protected final ReturnDesk desk;
    private final Set<ApiRoute> served;

    protected ApiFunction(ReturnDesk desk, Set<ApiRoute> served) {
        this.desk = desk;
        this.served = served;
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRoute.Match match, ApiRequest request);

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event);
        // Every line this invocation writes, the domain's included, carries API Gateway's request id.
        try (Log.Scope scope = Log.begin(context == null ? null : context.getFunctionName(), request.requestId())) {
            return respond(request);
        }
    }

    private APIGatewayV2HTTPResponse respond(ApiRequest request) {
        String method = request.method();
        String path = request.path();
        // The route's template, never the raw path: a path is caller input and may hold anything.
        String route = method;
        try {
            ApiRoute.Selection selection = ApiRoute.select(method, path);
            if (selection.match() == null || !served.contains(selection.match().route())) {
                if (!selection.allowedMethods().isEmpty() && selection.match() == null) {
                    return ApiResponse.problem(405, "method-not-allowed", "Method not allowed",
                            method + " is not allowed on " + path, List.of(),
                            Map.of("allow", String.join(", ", selection.allowedMethods())));
                }
                return ApiResponse.problem(404, "no-such-route", "Not found",
                        "there is no route " + method + " " + path, List.of(), Map.of());
            }
            ApiRoute.Match match = selection.match();
            route = match.route().routeKey();
            // Only well-formed ids reach the log; anything else is refused below, unlogged.
            Log.identify(request.accountClaim(), ApiRequest.idOrNull(match.parameters().get("orderId")),
                    ApiRequest.idOrNull(match.parameters().get("returnId")));
            return handle(match, request);
        } catch (Refusal refusal) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("route", route);
            fields.put("type", refusal.type());
            fields.put("status", ApiResponse.status(refusal));
            Log.info("request.refused", fields);
            return ApiResponse.problem(refusal);
        } catch (RuntimeException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("route", route);
            Log.error("request.failed", fields, e);
            return ApiResponse.problem(500, "internal-error", "Internal error",
                    "the request could not be completed; it is safe to retry", List.of(), Map.of());
        }
    }
}
