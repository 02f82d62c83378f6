package dev.orderreturns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {
    private final HttpRoutes real = HttpRoutes.from(SamTemplate.load(TestHttp.realTemplate()));
    private final HttpRoutes routes = new HttpRoutes(List.of(
            HttpRoutes.route("GET", "/a/{x}", "param", null),
            HttpRoutes.route("GET", "/a/b", "static", null),
            HttpRoutes.route("ANY", "/a/{x}", "anyParam", null),
            HttpRoutes.route("GET", "/a/{proxy+}", "greedyA", null),
            HttpRoutes.route("ANY", "/{proxy+}", "greedyRoot", null),
            HttpRoutes.route("GET", "/{x}/c/d", "paramFirst", null),
            HttpRoutes.route("GET", "/", "root", null)));

    private String pick(HttpRoutes table, String method, String path) {
        return table.match(method, path).map(m -> m.route().functionId() + " " + m.route().routeKey()).orElse("none");
    }

    @Test
    void theRealTemplateRoutesAsApiGatewayWould() {
        assertEquals("WriteApiFunction PUT /orders/{orderId}", pick(real, "PUT", "/orders/1"));
        assertEquals("ReadApiFunction GET /orders/{orderId}", pick(real, "GET", "/orders/1"));
        assertEquals("WriteApiFunction POST /orders/{orderId}/returns", pick(real, "POST", "/orders/1/returns"));
        assertEquals("ReadApiFunction GET /orders/{orderId}/returns", pick(real, "GET", "/orders/1/returns"));
        assertEquals("ReadApiFunction GET /orders/{orderId}/returns/{returnId}", pick(real, "GET", "/orders/1/returns/r1"));
        assertEquals("WriteApiFunction POST /api/oms/pvt/orders/{orderId}/invoice",
                pick(real, "POST", "/api/oms/pvt/orders/1/invoice"));
        // wrong methods and unknown paths fall through to the catch-all
        assertEquals("ReadApiFunction ANY /{proxy+}", pick(real, "DELETE", "/orders/1"));
        assertEquals("ReadApiFunction ANY /{proxy+}", pick(real, "GET", "/nothing/here"));
        assertEquals("none", pick(real, "GET", "/"), "{proxy+} needs at least one character");
    }

    @Test
    void staticBeatsParamBeatsGreedy() {
        assertEquals("static GET /a/b", pick(routes, "GET", "/a/b"));
        assertEquals("param GET /a/{x}", pick(routes, "GET", "/a/z"));
        assertEquals("anyParam ANY /a/{x}", pick(routes, "POST", "/a/z"), "ANY when the method has no route");
        assertEquals("greedyA GET /a/{proxy+}", pick(routes, "GET", "/a/z/y"), "longest greedy prefix");
        assertEquals("greedyRoot ANY /{proxy+}", pick(routes, "POST", "/a/z/y"));
        assertEquals("paramFirst GET /{x}/c/d", pick(routes, "GET", "/q/c/d"), "any non-greedy route beats greedy");
        assertEquals("paramFirst GET /{x}/c/d", pick(routes, "GET", "/a/c/d"), "even against a static greedy prefix");
        assertEquals("root GET /", pick(routes, "GET", "/"));
        assertEquals("greedyA GET /a/{proxy+}", pick(routes, "GET", "/a/b/"), "a trailing slash is another path");
        assertEquals(Map.of("proxy", "b/"), routes.match("GET", "/a/b/").orElseThrow().pathParameters());
    }

    @Test
    void pathParametersAreDecoded() {
        HttpRoutes.Match m = routes.match("GET", "/a/x%20y%2Bz+w").orElseThrow();
        assertEquals(Map.of("x", "x y+z+w"), m.pathParameters());
        HttpRoutes.Match greedy = routes.match("GET", "/a/b%2Fc/d%C3%A9").orElseThrow();
        assertEquals(Map.of("proxy", "b/c/dé"), greedy.pathParameters());
    }

    @Test
    void duplicateAndMalformedRoutesAreRefused() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new HttpRoutes(List.of(
                HttpRoutes.route("GET", "/x", "one", null), HttpRoutes.route("GET", "/x", "two", null))));
        assertTrue(dup.getMessage().contains("GET /x"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpRoutes.route("GET", "/{p+}/x", "f", null));
        assertThrows(IllegalArgumentException.class, () -> HttpRoutes.route("GET", "x", "f", null));
    }
}
