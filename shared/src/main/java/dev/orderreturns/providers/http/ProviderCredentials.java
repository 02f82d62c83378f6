package dev.orderreturns.providers.http;

/** A provider's app key and token. {@code toString} never shows the token. */
public record ProviderCredentials(String appKey, String appToken) {

    @Override
    public String toString() {
        return "ProviderCredentials[appKey=" + appKey + ", appToken=***]";
    }
}
