package dev.orderreturns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalAuthorizerTest {
    private static final LocalAuthorizer AUTHORIZER = new LocalAuthorizer("https://issuer.test", List.of("aud-1"));

    private static Map<String, Object> claims(long expOffsetSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://issuer.test");
        claims.put("aud", "aud-1");
        claims.put("sub", "s");
        claims.put("exp", now + expOffsetSeconds);
        return claims;
    }

    @Test
    void issuedTokensVerifyWithClaimsAsStrings() throws Exception {
        String token = AUTHORIZER.issue("acme", List.of("returns:read", "orders:write"), "operator-1");
        Map<String, String> claims = AUTHORIZER.verify("Bearer " + token);
        assertEquals("acme", claims.get("account"));
        assertEquals("returns:read orders:write", claims.get("scope"));
        assertEquals("operator-1", claims.get("sub"));
        assertEquals("https://issuer.test", claims.get("iss"));
        assertEquals("aud-1", claims.get("aud"));
        long iat = Long.parseLong(claims.get("iat"));
        assertEquals(3600, Long.parseLong(claims.get("exp")) - iat);
        assertNotNull(claims.get("jti"));
        assertEquals("local-user", AUTHORIZER.verify("bearer " + AUTHORIZER.issue("acme", List.of(), null)).get("sub"));
    }

    @Test
    void claimsAreFlattenedAsApiGatewayDoes() throws Exception {
        Map<String, Object> claims = claims(300);
        claims.put("groups", List.of("admin", "ops"));
        claims.put("ratio", 1.5);
        claims.put("flag", true);
        claims.put("nested", Map.of("b", 2, "a", "x"));
        Map<String, String> out = AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(claims));
        assertEquals("[admin ops]", out.get("groups"));
        assertEquals("1.5", out.get("ratio"));
        assertEquals("true", out.get("flag"));
        assertEquals("map[a:x b:2]", out.get("nested"));
        assertEquals(String.valueOf(claims.get("exp")), out.get("exp"));
    }

    @Test
    void expiryAndNotBeforeAllowSixtySecondsOfSkew() throws Exception {
        AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(claims(-30)));
        assertThrows(LocalAuthorizer.UnauthorizedException.class,
                () -> AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(claims(-90))));
        Map<String, Object> notYet = claims(600);
        notYet.put("nbf", Instant.now().getEpochSecond() + 120);
        assertThrows(LocalAuthorizer.UnauthorizedException.class,
                () -> AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(notYet)));
        notYet.put("nbf", Instant.now().getEpochSecond() + 30);
        AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(notYet));
    }

    @Test
    void refusesWrongIssuerAudienceSchemeOrMissingExp() {
        Map<String, Object> wrongIssuer = claims(300);
        wrongIssuer.put("iss", "https://elsewhere");
        Map<String, Object> wrongAudience = claims(300);
        wrongAudience.put("aud", List.of("other", "another"));
        Map<String, Object> noExp = claims(300);
        noExp.remove("exp");
        for (Map<String, Object> c : List.of(wrongIssuer, wrongAudience, noExp)) {
            assertThrows(LocalAuthorizer.UnauthorizedException.class, () -> AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(c)));
        }
        String good = AUTHORIZER.sign(claims(300));
        assertThrows(LocalAuthorizer.UnauthorizedException.class, () -> AUTHORIZER.verify(good));
        assertThrows(LocalAuthorizer.UnauthorizedException.class, () -> AUTHORIZER.verify("Basic " + good));
        assertThrows(LocalAuthorizer.UnauthorizedException.class, () -> AUTHORIZER.verify(null));
        // an unsigned token ("alg": "none") with valid claims
        String[] parts = good.split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        assertThrows(LocalAuthorizer.UnauthorizedException.class, () -> AUTHORIZER.verify("Bearer " + none));
    }

    @Test
    void scopeClaimsPassVerbatimAsApiGatewayPassesThem() throws Exception {
        // API Gateway hands the claim on as the token has it; splitting it is the function's job
        // (on spaces only, RFC 6749 section 3.3), so a comma stays inside its scope token.
        Map<String, Object> claims = claims(300);
        claims.put("scope", "orders:write,returns:read");
        claims.put("scp", List.of("returns:read", "orders:write"));
        Map<String, String> out = AUTHORIZER.verify("Bearer " + AUTHORIZER.sign(claims));
        assertEquals("orders:write,returns:read", out.get("scope"));
        assertEquals("[returns:read orders:write]", out.get("scp"));
        assertEquals("a,b c", AUTHORIZER.verify("Bearer " + AUTHORIZER.issue("acme", List.of("a,b", "c"), "s"))
                .get("scope"));
    }

    @Test
    void issuingRefusesScopesThatJoiningWithSpacesWouldSplitOrLose() {
        for (List<String> scopes : List.of(List.of("returns:read orders:write"), List.of("a\tb"), List.of(""),
                List.of("ok", "quote\"d"))) {
            assertThrows(LocalEndpoint.BadRequestException.class, () -> AUTHORIZER.issue("acme", scopes, "s"),
                    scopes.toString());
        }
    }
}
