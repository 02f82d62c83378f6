package dev.orderreturns.functions.http;

import java.util.Set;

/** Who is calling: the store account and subject of the token, and its scopes. */
public record Caller(String account, String subject, Set<String> scopes) {

    public boolean may(String scope) {
        return scopes.contains(scope);
    }
}
