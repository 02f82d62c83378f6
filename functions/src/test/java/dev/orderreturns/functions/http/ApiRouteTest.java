package dev.orderreturns.functions.http;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Selecting a route from a method and a path, as the handlers do behind the catch-all route. */
class ApiRouteTest {

    @Test
    void aPathAndMethodSelectTheirRouteWithItsParameters() {
        ApiRoute.Selection s = ApiRoute.select("GET", "/orders/o-1/returns/ret-9");
        assertEquals(ApiRoute.GET_RETURN, s.match().route());
        assertEquals(Map.of("orderId", "o-1", "returnId", "ret-9"), s.match().parameters());
        assertEquals(ApiRoute.POST_INVOICE, ApiRoute.select("POST", "/api/oms/pvt/orders/o-1/invoice").match().route());
        assertEquals(ApiRoute.GET_ORDER, ApiRoute.select("GET", "/orders/o-1/").match().route(), "trailing slash");
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedMethods() {
        ApiRoute.Selection s = ApiRoute.select("DELETE", "/orders/o-1");
        assertNull(s.match());
        assertEquals(Set.of("PUT", "GET"), s.allowedMethods());
    }

    @Test
    void anUnknownPathSelectsNothing() {
        ApiRoute.Selection s = ApiRoute.select("GET", "/orders//returns");
        assertNull(s.match());
        assertEquals(Set.of(), s.allowedMethods());
        assertNull(ApiRoute.select("GET", "/nowhere").match());
    }
}
