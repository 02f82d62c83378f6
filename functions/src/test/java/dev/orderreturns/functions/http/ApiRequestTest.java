package dev.orderreturns.functions.http;

import dev.orderreturns.domain.Refusal;
import dev.orderreturns.functions.ApiEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The caller as the JWT authorizer's claims describe it. */
class ApiRequestTest {

    private static Set<String> scopes(String claim, String value) {
        ApiRequest request = new ApiRequest(ApiEvents.route("GET /orders/{orderId}")
                .claims(Map.of("account", "acme", "sub", "s", claim, value)).build());
        return request.caller().scopes();
    }

    @Test
    void scopeClaimsAreSplitOnSpacesOnlyAsApiGatewayAndRfc6749Do() {
        assertEquals(Set.of("orders:write", "returns:read"), scopes("scope", "orders:write returns:read"));
        assertEquals(Set.of("orders:write", "returns:read"), scopes("scp", "  orders:write   returns:read "));
        // an array claim, as API Gateway renders it
        assertEquals(Set.of("orders:write", "returns:read"), scopes("scp", "[orders:write returns:read]"));
        // a comma is part of a scope token, not a separator: this token grants neither scope
        assertEquals(Set.of("orders:write,returns:read"), scopes("scope", "orders:write,returns:read"));
        assertEquals(Set.of("orders:write,", "returns:read"), scopes("scope", "orders:write, returns:read"));
        assertEquals(Set.of("orders:write\treturns:read"), scopes("scope", "orders:write\treturns:read"));
        assertEquals(Set.of(), scopes("scope", ""));
    }

    @Test
    void aCommaJoinedScopeClaimIsForbidden() {
        ApiRequest request = new ApiRequest(ApiEvents.route("GET /orders/{orderId}")
                .claims(Map.of("account", "acme", "sub", "s", "scope", "orders:write,returns:read")).build());
        Refusal refusal = assertThrows(Refusal.class, () -> request.callerWith("returns:read"));
        assertEquals(Refusal.Kind.FORBIDDEN, refusal.kind());
        // jwt.scopes, when API Gateway fills it, is a list already
        ApiRequest listed = new ApiRequest(ApiEvents.route("GET /orders/{orderId}")
                .claims(Map.of("account", "acme")).jwtScopes(List.of("returns:read")).build());
        assertEquals(Set.of("returns:read"), listed.caller().scopes());
    }
}
