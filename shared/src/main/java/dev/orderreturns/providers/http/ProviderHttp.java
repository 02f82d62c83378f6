package dev.orderreturns.providers.http;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.ProviderAnswer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * JSON POSTs to a provider with connect and read timeouts and no retries of its own (the queue
 * and the reconciler own retries). HttpURLConnection keeps cold start light. BigDecimal values
 * are written as exact JSON numbers.
 */
final class ProviderHttp {

    /**
     * A provider's answer: the status (0 when no answer arrived), its JSON body, if any, and the
     * wait its {@code Retry-After} asked for (null when absent or unreadable).
     */
    record Answer(int status, Map<String, Object> body, String failure, Duration retryAfter) {

        Answer(int status, Map<String, Object> body, String failure) {
            this(status, body, failure, null);
        }

        boolean transportFailed() {
            return status == 0;
        }

        Object field(String name) {
            return body == null ? null : body.get(name);
        }
    }

    private static final JSON JSON_IO = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String baseUrl;
    private final ProviderCredentials credentials;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    /** Reads a Retry-After given as a date. */
    private final Clock clock;

    ProviderHttp(String baseUrl, ProviderCredentials credentials, Duration connectTimeout, Duration readTimeout) {
        this(baseUrl, credentials, connectTimeout, readTimeout, Clock.systemUTC());
    }

    ProviderHttp(String baseUrl, ProviderCredentials credentials, Duration connectTimeout, Duration readTimeout,
                 Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    Answer post(String path, Map<String, Object> body) {
        HttpURLConnection connection = null;
        try {
            byte[] payload = JSON_IO.asBytes(body);
            connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            if (credentials != null) {
                connection.setRequestProperty("X-Provider-Api-AppKey", credentials.appKey());
                connection.setRequestProperty("X-Provider-Api-AppToken", credentials.appToken());
            }
            connection.setFixedLengthStreamingMode(payload.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(payload);
            }
            int status = connection.getResponseCode();
            // only a 429 or 503 is read for Retry-After (meaning() looks at no other): a paid answer
            // neither parses it nor loads the parser's formats on a cold container's first refund
            Duration retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(connection.getHeaderField("Retry-After"), clock.instant()).orElse(null)
                    : null;
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            Map<String, Object> answer = null;
            if (in != null) {
                try (in) {
                    byte[] bytes = in.readAllBytes();
                    if (bytes.length > 0) {
                        try {
                            Object parsed = JSON_IO.anyFrom(new String(bytes, StandardCharsets.UTF_8));
                            if (parsed instanceof Map<?, ?> map) {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> m = (Map<String, Object>) map;
                                answer = m;
                            }
                        } catch (IOException notJson) {
                            // Not JSON (an HTML error page, say): the status decides.
                        }
                    }
                }
            }
            return new Answer(status, answer, null, retryAfter);
        } catch (IOException e) {
            return new Answer(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /**
     * What an answer means, the same for both providers: 200 or 201 with the id is done; 200 with
     * {@code code: "refund-manually"}, or 501, needs a person; another 4xx is the provider's final
     * refusal, which a person must look at too (with the provider's message), except 408, 425 and
     * 429, which ask to come back later; no answer, 5xx, and a 2xx without the id are transient and
     * retried later with the same requestId. A 429 or 503 with {@code Retry-After} carries the wait
     * it asked for, which the refunder honours up to its cap; other statuses do not define the header.
     */
    static ProviderAnswer meaning(Answer answer, String provider, String idField, String what) {
        if (answer.transportFailed()) {
            return ProviderAnswer.retry(provider + " unreachable: " + answer.failure());
        }
        if (answer.status() == 501) {
            return ProviderAnswer.manual(provider + " cannot " + what + " online (501)");
        }
        if (answer.status() == 200 || answer.status() == 201) {
            if ("refund-manually".equals(answer.field("code"))) {
                return ProviderAnswer.manual(provider + " answered refund-manually");
            }
            Object id = answer.field(idField);
            if (id != null && !id.toString().isEmpty()) {
                return ProviderAnswer.paid(id.toString());
            }
            return ProviderAnswer.retry(provider + " answered " + answer.status() + " without a " + idField);
        }
        if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 408 && answer.status() != 425
                && answer.status() != 429) {
            Object message = answer.field("message");
            return ProviderAnswer.manual(provider + " refused to " + what + " (" + answer.status() + ")"
                    + (message == null ? "" : ": " + message));
        }
        String answered = provider + " answered " + answer.status() + " to " + what;
        if ((answer.status() == 429 || answer.status() == 503) && answer.retryAfter() != null) {
            return ProviderAnswer.retry(answered + ", asking to retry after " + answer.retryAfter().toSeconds() + " s",
                    answer.retryAfter());
        }
        return ProviderAnswer.retry(answered);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
