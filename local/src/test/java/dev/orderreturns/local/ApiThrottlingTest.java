package dev.orderreturns.local;

import static dev.orderreturns.local.TestHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local HTTP API throttles as API Gateway would: a stack whose routes each take a burst of 3
 * and 0.5 requests a second answers 429 {@code {"message":"Too Many Requests"}} past the burst,
 * per route and ahead of the authorizer, and lets requests through again as tokens come back.
 */
@Tag("e2e")
class ApiThrottlingTest {
    private static final SamTemplate.Throttling TINY = new SamTemplate.Throttling(3, 0.5);

    private static LocalStack stack;
    private static String base;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.defaults().withTemplate(TestHttp.echoTemplate()).withPort(0)
                .withAccessLog(false).withThrottling(TINY));
        base = stack.baseUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void pastTheBurstRequestsGet429UntilTheRateRefillsTheBucket() throws InterruptedException {
        long started = System.nanoTime();
        int admitted = 0;
        HttpResponse<byte[]> throttled = null;
        for (int i = 0; i < 50 && throttled == null; i++) {
            HttpResponse<byte[]> response = get(base + "/public/ping");
            if (response.statusCode() == 429) {
                throttled = response;
            } else {
                assertEquals(200, response.statusCode(), TestHttp.text(response));
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertNotNull(throttled, "never throttled after " + admitted + " requests");
        // The burst, plus whatever the rate refilled while the requests were sent.
        assertTrue(admitted >= TINY.burstLimit() && admitted <= TINY.burstLimit() + seconds * TINY.rateLimit() + 1,
                admitted + " admitted in " + seconds + " s");
        assertEquals(Map.of("message", "Too Many Requests"), TestHttp.json(throttled));
        assertTrue(throttled.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(throttled.headers().firstValue("apigw-requestid").isPresent(), "API Gateway's request id");

        // 0.5 per second: two seconds bring back at least one token, and nowhere near the burst.
        Thread.sleep(Duration.ofMillis(2100));
        assertEquals(200, get(base + "/public/ping").statusCode(), "recovered after the refill");
        int throttledAgain = 0;
        for (int i = 0; i < 5; i++) {
            if (get(base + "/public/ping").statusCode() == 429) throttledAgain++;
        }
        assertTrue(throttledAgain >= 1, "the refill gave a token or two, not the burst");
    }

    @Test
    void eachRouteHasItsOwnBucketCheckedBeforeTheAuthorizer() {
        // No token: each request passes the throttle, then the authorizer refuses it.
        for (int i = 0; i < TINY.burstLimit(); i++) {
            assertEquals(401, get(base + "/items/special").statusCode(), "request " + i);
        }
        assertEquals(429, get(base + "/items/special").statusCode(), "throttled before the token is looked at");
        HttpResponse<byte[]> otherRoute = get(base + "/items/42");
        assertEquals(401, otherRoute.statusCode(), "GET /items/{itemId} has a bucket of its own");
        assertEquals(Map.of("message", "Unauthorized"), TestHttp.json(otherRoute));
    }

    @Test
    void theStackReportsTheLimitsItThrottlesWith() {
        assertEquals(java.util.Optional.of(TINY), stack.httpApi().throttling().limits("GET /public/ping"));
        assertEquals(java.util.Optional.empty(), stack.httpApi().throttling().limits("GET /no/such/route"));
    }
}
