package dev.orderreturns.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.functions.routes.ApiRoutes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catch-all's answers: 405 with the allowed methods for a known path, 404 otherwise. */
class UnmatchedTest {

    private final Unmatched unmatched = new Unmatched(ApiRoutes.KEYS);

    @Test
    void aKnownPathWithAnotherMethodIs405ListingTheAllowedMethods() {
        APIGatewayV2HTTPResponse answer = unmatched.answer("DELETE", "/orders/o-1");
        assertEquals(405, answer.getStatusCode());
        assertEquals("PUT, GET", answer.getHeaders().get("allow"));
        assertTrue(answer.getBody().contains("method-not-allowed"));
        assertEquals("POST", unmatched.answer("GET", "/orders/o-1/returns/ret-9/retry").getHeaders().get("allow"));
        assertEquals(405, unmatched.answer("PATCH", "/orders/o-1/").getStatusCode(), "trailing slash");
    }

    @Test
    void anUnknownPathIs404() {
        for (String path : new String[] {"/nowhere", "/orders//returns", "/orders", "/orders/o-1/returns/r/x/y"}) {
            APIGatewayV2HTTPResponse answer = unmatched.answer("GET", path);
            assertEquals(404, answer.getStatusCode(), path);
            assertEquals("application/problem+json", answer.getHeaders().get("content-type"));
            assertFalse(answer.getHeaders().containsKey("allow"));
        }
    }

    @Test
    void templatesMatchSegmentBySegmentWithNonEmptyVariables() {
        assertTrue(Unmatched.fits("/orders/{orderId}/returns/{returnId}", "/orders/o-1/returns/ret-9"));
        assertTrue(Unmatched.fits("/api/oms/pvt/orders/{orderId}/invoice", "/api/oms/pvt/orders/o-1/invoice"));
        assertFalse(Unmatched.fits("/orders/{orderId}", "/orders/"));
        assertFalse(Unmatched.fits("/orders/{orderId}", "/orders/o-1/returns"));
        assertFalse(Unmatched.fits("/orders/{orderId}/returns", "/orders/o-1/refunds"));
    }
}
