package dev.orderreturns.it;

import java.util.List;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens from the local stack's /_local/token, as a user gets them. */
final class Tokens {

    private Tokens() {
    }

    static String token(Http http, String account, String... scopes) {
        List<String> granted = scopes.length == 0 ? List.of("orders:write", "returns:write", "returns:read")
                : List.of(scopes);
        Http.Response response = http.send("POST", "/_local/token", null,
                Http.json(map("account", account, "scopes", granted, "subject", "operator-7")));
        assertEquals(200, response.status(), response.body());
        return (String) response.json().get("token");
    }
}
