package dev.orderreturns.local;

import dev.orderreturns.local.sandbox.SandboxFaults;
import dev.orderreturns.local.sandbox.SandboxProviders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox payment and gift-card providers (DESIGN.md section 5): starts them, points the
 * functions' configuration at them with the sandbox's credentials, and registers their local
 * endpoints, {@code /_local/ledger} (what they executed) and {@code /_local/faults} (make their
 * next calls fail).
 */
public final class SandboxProvidersExtension implements LocalStack.Extension {

    /** The provider clients' read timeout locally; a "timeout" fault answers later than this. */
    static final Duration PROVIDER_READ_TIMEOUT = Duration.ofMillis(1500);

    private SandboxProviders sandbox;

    public SandboxProviders sandbox() {
        return sandbox;
    }

    @Override
    public void configure(LocalStack stack, Map<String, String> configuration) {
        try {
            sandbox = new SandboxProviders(PROVIDER_READ_TIMEOUT.plusMillis(1000));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox providers", e);
        }
        configuration.put("PAYMENTS_BASE_URL", sandbox.paymentsBaseUrl());
        configuration.put("GIFT_CARDS_BASE_URL", sandbox.giftCardsBaseUrl());
        // The sandbox's dummy credentials; deployed, credentials come from SSM SecureStrings.
        configuration.put("PROVIDER_APP_KEY", SandboxProviders.APP_KEY);
        configuration.put("PROVIDER_APP_TOKEN", SandboxProviders.APP_TOKEN);
        configuration.put("PROVIDER_CONNECT_TIMEOUT_MS", "1000");
        configuration.put("PROVIDER_READ_TIMEOUT_MS", Long.toString(PROVIDER_READ_TIMEOUT.toMillis()));
    }

    @Override
    public void start(LocalStack stack) {
        LocalHttpApi api = stack.httpApi();
        api.register(LocalHttpApi.LOCAL_PREFIX + "/ledger", request -> {
            request.requireMethod("GET");
            return LocalEndpoint.Response.json(200, sandbox.ledger().toJson());
        });
        api.register(LocalHttpApi.LOCAL_PREFIX + "/faults", request -> {
            request.requireMethod("POST");
            return injectFault(request.jsonObject());
        });
    }

    private LocalEndpoint.Response injectFault(Map<String, Object> body) {
        SandboxFaults.Target target = switch (String.valueOf(body.get("target"))) {
            case "payments" -> SandboxFaults.Target.PAYMENTS;
            case "giftcards" -> SandboxFaults.Target.GIFTCARDS;
            default -> null;
        };
        SandboxFaults.Mode mode = body.get("mode") instanceof String m ? SandboxFaults.Mode.fromWire(m) : null;
        Object count = body.getOrDefault("count", 1);
        if (target == null || mode == null || !(count instanceof Integer n) || n < 1 || n > 1000) {
            return LocalEndpoint.Response.message(400, "expected {target: payments|giftcards, mode: "
                    + "error|timeout|refund-manually|not-implemented, count: 1..1000}");
        }
        sandbox.faults().inject(target, mode, n);
        Map<String, Object> answer = new LinkedHashMap<>(body);
        answer.put("count", n);
        return LocalEndpoint.Response.json(200, answer);
    }

    @Override
    public void close() {
        if (sandbox != null) sandbox.close();
    }
}
