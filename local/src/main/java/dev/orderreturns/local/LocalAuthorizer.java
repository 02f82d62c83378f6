package dev.orderreturns.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigDecimal;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issues and checks JWTs the way the template's JWT authorizer would: RS256 with a key pair made
 * at start, the template's issuer and audience. {@link #verify} returns the claims in the shape
 * API Gateway HTTP API hands them to Lambda ({@code requestContext.authorizer.jwt.claims}: every
 * value a string).
 */
public final class LocalAuthorizer {
    public static final String KEY_ID = "local-1";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** Clock skew API Gateway tolerates on exp and nbf. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** The request does not carry a token the authorizer accepts; the reason is for logs only. */
    public static final class UnauthorizedException extends Exception {
        public UnauthorizedException(String reason) {
            super(reason);
        }
    }

    /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final String issuer;
    private final List<String> audience;
    private final RSAPublicKey publicKey;
    private final RSASSASigner signer;
    private final RSASSAVerifier verifier;

    public LocalAuthorizer(String issuer, List<String> audience) {
        this.issuer = issuer;
        this.audience = List.copyOf(audience);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            this.publicKey = (RSAPublicKey) pair.getPublic();
            this.signer = new RSASSASigner((RSAPrivateKey) pair.getPrivate());
            this.verifier = new RSASSAVerifier(publicKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /** An authorizer for the template's default JWT authorizer (issuer and audience from parameter defaults). */
    public static LocalAuthorizer forTemplate(SamTemplate template) {
        SamTemplate.JwtAuthorizer config = template.defaultJwtAuthorizer().orElseThrow(() ->
                new IllegalArgumentException("the template's HttpApi has no default JWT authorizer"));
        return forConfig(config);
    }

    public static LocalAuthorizer forConfig(SamTemplate.JwtAuthorizer config) {
        if (config.issuer() == null || config.issuer().isBlank()) {
            throw new IllegalArgumentException("JWT authorizer " + config.name() + " has no issuer");
        }
        return new LocalAuthorizer(config.issuer(), config.audience());
    }

    public String issuer() {
        return issuer;
    }

    public List<String> audience() {
        return audience;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** Whether this authorizer enforces the given template authorizer (same issuer and audience). */
    public boolean accepts(SamTemplate.JwtAuthorizer config) {
        return issuer.equals(config.issuer()) && audience.equals(config.audience());
    }

    /**
     * A token for {@code account} with the given scopes, valid for an hour. The scope claim is the
     * scopes joined with spaces, so each must be an RFC 6749 scope token (printable ASCII but
     * space, '"' and backslash): "a b" would come back as two scopes. Refused (a 400 from
     * {@code /_local/token}) otherwise.
     */
    public String issue(String account, Collection<String> scopes, String subject) {
        for (String scope : scopes) {
            if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
                throw new LocalEndpoint.BadRequestException("scopes: \"" + scope + "\" is not one scope token"
                        + " (1 or more printable ASCII characters, no space, '\"' or '\\')");
            }
        }
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject == null || subject.isBlank() ? "local-user" : subject);
        claims.put("account", account);
        claims.put("scope", String.join(" ", scopes));
        claims.put("iss", issuer);
        claims.put("aud", audience.size() == 1 ? audience.getFirst() : audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /**
     * Signs arbitrary claims with the local key (numbers in seconds, as JWT wants), so tests can
     * make expired or wrong-audience tokens the authorizer must refuse.
     */
    public String sign(Map<String, Object> claims) {
        try {
            JWTClaimsSet set = JWTClaimsSet.parse(claims);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT).keyID(KEY_ID).build(), set);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("cannot sign claims " + claims + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks an Authorization header value: {@code Bearer <jwt>}, RS256 signed by this authorizer,
     * the template's issuer and an accepted audience, not expired, not before nbf.
     *
     * @return the claims as API Gateway passes them: name → string
     */
    public Map<String, String> verify(String authorizationHeader) throws UnauthorizedException {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new UnauthorizedException("no Authorization header");
        }
        String value = authorizationHeader.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new UnauthorizedException("Authorization is not a Bearer token");
        }
        String token = value.substring(space + 1).strip();
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new UnauthorizedException("malformed token: " + e.getMessage());
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new UnauthorizedException("token algorithm " + jwt.getHeader().getAlgorithm() + " is not RS256");
        }
        try {
            if (!jwt.verify(verifier)) throw new UnauthorizedException("token signature does not verify");
        } catch (JOSEException e) {
            throw new UnauthorizedException("token signature does not verify: " + e.getMessage());
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new UnauthorizedException("token issuer " + claims.getIssuer() + " is not " + issuer);
        }
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audience::contains)) {
            throw new UnauthorizedException("token audience " + claims.getAudience() + " is not " + audience);
        }
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        if (exp == null) throw new UnauthorizedException("token has no exp");
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) throw new UnauthorizedException("token has expired");
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(CLOCK_SKEW))) {
            throw new UnauthorizedException("token is not valid yet (nbf)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        jwt.getPayload().toJSONObject().forEach((name, v) -> out.put(name, claimString(v)));
        return out;
    }

    /**
     * API Gateway renders claims with Go's fmt: numbers plainly, arrays as {@code [a b]},
     * objects as {@code map[k:v]}.
     */
    static String claimString(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Double d -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case Float f -> BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
            case Number n -> n.toString();
            case Collection<?> c -> c.stream().map(LocalAuthorizer::claimString).collect(Collectors.joining(" ", "[", "]"));
            case Map<?, ?> m -> new TreeMap<>(m).entrySet().stream()
                    .map(e -> e.getKey() + ":" + claimString(e.getValue()))
                    .collect(Collectors.joining(" ", "map[", "]"));
            default -> value.toString(); // booleans: true / false, as Go prints them
        };
    }
}
