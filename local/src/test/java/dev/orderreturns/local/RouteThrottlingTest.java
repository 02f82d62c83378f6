package dev.orderreturns.local;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets of the local HTTP API's route throttling, on a clock the test moves. */
class RouteThrottlingTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private RouteThrottling.TokenBucket bucket(int burst, double rate) {
        return new RouteThrottling.TokenBucket(new SamTemplate.Throttling(burst, rate), nanos::get);
    }

    private static int taken(RouteThrottling.TokenBucket bucket, int tries) {
        int admitted = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.take()) admitted++;
        }
        return admitted;
    }

    @Test
    void aFullBucketAdmitsTheBurstAtOnceThenNothingUntilItRefills() {
        RouteThrottling.TokenBucket bucket = bucket(5, 2);
        assertEquals(5, taken(bucket, 20));
        advanceMillis(499);
        assertFalse(bucket.take(), "half a second at 2 per second is not yet a whole token");
        advanceMillis(1);
        assertTrue(bucket.take());
        assertFalse(bucket.take());
    }

    @Test
    void tokensComeBackAtTheRateButNeverBeyondTheBurst() {
        RouteThrottling.TokenBucket bucket = bucket(5, 2);
        taken(bucket, 5);
        advanceMillis(1500);
        assertEquals(3, taken(bucket, 10), "1.5 s at 2 per second");
        advanceMillis(3_600_000);
        assertEquals(5, taken(bucket, 10), "an idle hour fills it to the burst, no more");
    }

    @Test
    void aSteadyClientAtTheRateIsNeverThrottled() {
        RouteThrottling.TokenBucket bucket = bucket(1, 10);
        for (int i = 0; i < 1000; i++) {
            assertTrue(bucket.take(), "request " + i);
            advanceMillis(100);
        }
    }

    @Test
    void fractionalRatesAndZeroLimits() {
        RouteThrottling.TokenBucket slow = bucket(1, 0.5);
        assertTrue(slow.take());
        advanceMillis(1999);
        assertFalse(slow.take());
        advanceMillis(1);
        assertTrue(slow.take());

        RouteThrottling.TokenBucket closed = bucket(0, 1000);
        advanceMillis(60_000);
        assertFalse(closed.take(), "a burst of 0 admits nothing, as API Gateway");

        RouteThrottling.TokenBucket noRefill = bucket(2, 0);
        assertEquals(2, taken(noRefill, 5));
        advanceMillis(60_000);
        assertFalse(noRefill.take());
    }

    @Test
    void eachRouteHasItsOwnBucketWithTheTemplatesLimits() {
        SamTemplate template = SamTemplate.load(TestHttp.realTemplate());
        RouteThrottling throttling = RouteThrottling.from(template, null, nanos::get);
        SamTemplate.Throttling defaults = new SamTemplate.Throttling(
                Integer.parseInt(template.parameterDefault("ApiThrottlingBurstLimit").orElseThrow()),
                Double.parseDouble(template.parameterDefault("ApiThrottlingRateLimit").orElseThrow()));
        for (SamTemplate.Function function : template.functions().values()) {
            for (SamTemplate.HttpApiEvent event : function.httpApiEvents()) {
                assertEquals(Optional.of(defaults), throttling.limits(event.routeKey()), event.routeKey());
            }
        }
        String submit = "POST /orders/{orderId}/returns";
        for (int i = 0; i < defaults.burstLimit(); i++) {
            assertTrue(throttling.admit(submit), "request " + i);
        }
        assertFalse(throttling.admit(submit));
        assertTrue(throttling.admit("GET /orders/{orderId}"), "another route's bucket is untouched");
        assertTrue(throttling.admit("GET /nowhere"), "a route the template lacks is not throttled");
    }

    @Test
    void anOverrideAppliesToEveryRoute() {
        SamTemplate template = SamTemplate.load(TestHttp.realTemplate());
        SamTemplate.Throttling tiny = new SamTemplate.Throttling(1, 1);
        RouteThrottling throttling = RouteThrottling.from(template, tiny, nanos::get);
        assertEquals(Optional.of(tiny), throttling.limits("ANY /{proxy+}"));
        assertTrue(throttling.admit("PUT /orders/{orderId}"));
        assertFalse(throttling.admit("PUT /orders/{orderId}"));

        SamTemplate echo = SamTemplate.load(TestHttp.echoTemplate());
        RouteThrottling unthrottled = RouteThrottling.from(echo, null, nanos::get);
        assertEquals(Optional.empty(), unthrottled.limits("GET /public/ping"), "no DefaultRouteSettings, no limits");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(unthrottled.admit("GET /public/ping"));
        }
    }
}
