package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.http.Unmatched;
import dev.orderreturns.functions.routes.ApiRoutes;
import dev.orderreturns.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every HTTP API function does around its routes: dispatch on the event's {@code routeKey}
 * (anything else is the catch-all's 404 or 405), turn refusals into problem details, and never let
 * an unexpected failure escape as anything but a logged 500 problem.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler {

    private static final Unmatched UNMATCHED = new Unmatched(ApiRoutes.KEYS);
    private final Map<String, Route> routes = new LinkedHashMap<>();

    protected ApiFunction(List<Route> served) {
        served.forEach(route -> routes.put(route.routeKey(), route));
    }

    /**
     * What Lambda calls (the runtime prefers this overload, the longest): the event read and the
     * answer written by {@link LambdaJson}, not by the runtime's serializer.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.apiEvent(input), context), output);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event);
        // Every line this invocation writes carries API Gateway's request id.
        try (Log.Scope scope = Log.begin(context == null ? null : context.getFunctionName(), request.requestId())) {
            Route route = routes.get(request.routeKey());
            return route == null ? UNMATCHED.answer(request.method(), request.path()) : respond(route, request);
        }
    }

    private static APIGatewayV2HTTPResponse respond(Route route, ApiRequest request) {
        // Only well-formed ids reach the log; anything else is refused by the route, unlogged.
        Log.identify(request.accountClaim(), ApiRequest.idOrNull(request.pathParameter("orderId")),
                ApiRequest.idOrNull(request.pathParameter("returnId")));
        Map<String, Object> fields = new LinkedHashMap<>();
        // The route's template, never the raw path: a path is caller input and may hold anything.
        fields.put("route", route.routeKey());
        try {
            return route.handle(request);
        } catch (Refusal refusal) {
            fields.put("type", refusal.type());
            fields.put("status", ApiResponse.status(refusal.kind()));
            Log.info("request.refused", fields);
            return ApiResponse.problem(refusal);
        } catch (RuntimeException e) {
            Log.error("request.failed", fields, e);
            return ApiResponse.problem(500, "internal-error", "Internal error",
                    "the request could not be completed; it is safe to retry", List.of(), Map.of());
        }
    }
}
