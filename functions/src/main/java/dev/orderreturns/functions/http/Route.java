package dev.orderreturns.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * One route of the HTTP API. API Gateway has already matched the request to it: the event's
 * {@code routeKey} names it and {@code pathParameters} carry its variables, so a route never looks
 * at the raw path.
 */
public interface Route {

    /** As template.yaml declares it, e.g. {@code POST /orders/{orderId}/returns}. */
    String routeKey();

    APIGatewayV2HTTPResponse handle(ApiRequest request);
}
