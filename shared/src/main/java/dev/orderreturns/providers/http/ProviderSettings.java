package dev.orderreturns.providers.http;

import dev.orderreturns.aws.ParameterStore;
import dev.orderreturns.aws.Settings;

import java.time.Duration;
import java.util.Map;

/**
 * Where the providers are and how to authenticate: base URLs from the environment, credentials
 * from SSM Parameter Store SecureStrings under {@code PROVIDER_CREDENTIALS_PARAMETER}
 * ({@code .../payments/app-key}, {@code .../payments/app-token}, {@code .../giftcards/app-key},
 * {@code .../giftcards/app-token}), read once per container. Secrets never sit in plain environment
 * variables; only the local stack passes its sandbox's dummy credentials as settings.
 */
public record ProviderSettings(String paymentsBaseUrl, String giftCardsBaseUrl, ProviderCredentials payments,
                               ProviderCredentials giftCards, Duration connectTimeout, Duration readTimeout) {

    public static ProviderSettings load() {
        String paymentsUrl = Settings.require("PAYMENTS_BASE_URL");
        String giftCardsUrl = Settings.require("GIFT_CARDS_BASE_URL");
        Duration connect = Duration.ofMillis(longSetting("PROVIDER_CONNECT_TIMEOUT_MS", 2000));
        Duration read = Duration.ofMillis(longSetting("PROVIDER_READ_TIMEOUT_MS", 8000));
        String sandboxKey = Settings.get("PROVIDER_APP_KEY");
        if (sandboxKey != null) {
            ProviderCredentials sandbox = new ProviderCredentials(sandboxKey, Settings.require("PROVIDER_APP_TOKEN"));
            return new ProviderSettings(paymentsUrl, giftCardsUrl, sandbox, sandbox, connect, read);
        }
        Map<String, String> secrets = fromParameterStore(Settings.require("PROVIDER_CREDENTIALS_PARAMETER"));
        return new ProviderSettings(paymentsUrl, giftCardsUrl,
                new ProviderCredentials(secrets.get("payments/app-key"), secrets.get("payments/app-token")),
                new ProviderCredentials(secrets.get("giftcards/app-key"), secrets.get("giftcards/app-token")),
                connect, read);
    }

    private static Map<String, String> fromParameterStore(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        Map<String, String> values = ParameterStore.create().parametersByPath(prefix);
        for (String name : new String[] {"payments/app-key", "payments/app-token", "giftcards/app-key",
                "giftcards/app-token"}) {
            if (!values.containsKey(name)) {
                throw new IllegalStateException("SSM parameter " + prefix + name + " is missing");
            }
        }
        return values;
    }

    private static long longSetting(String name, long fallback) {
        String value = Settings.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }

    public HttpPaymentProvider paymentProvider() {
        return new HttpPaymentProvider(paymentsBaseUrl, payments, connectTimeout, readTimeout);
    }

    public HttpGiftCardProvider giftCardProvider() {
        return new HttpGiftCardProvider(giftCardsBaseUrl, giftCards, connectTimeout, readTimeout);
    }
}
