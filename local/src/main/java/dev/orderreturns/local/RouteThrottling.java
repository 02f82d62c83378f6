package dev.orderreturns.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * API Gateway's route throttling: every throttled route has a token bucket of its own, holding up to
 * the burst limit and refilled at the rate limit per second; a request that finds it empty is
 * answered 429 {@code {"message":"Too Many Requests"}} without reaching the authorizer or the
 * function. The limits are the template's (DefaultRouteSettings of the route's HttpApi) unless the
 * stack was started with others.
 */
public final class RouteThrottling {

    private final Map<String, TokenBucket> buckets;

    private RouteThrottling(Map<String, TokenBucket> buckets) {
        this.buckets = Map.copyOf(buckets);
    }

    /**
     * The template's limits for each of its routes, or {@code override} for every route when not
     * null. Buckets read {@code nanoClock}, {@link System#nanoTime} outside tests.
     */
    static RouteThrottling from(SamTemplate template, SamTemplate.Throttling override, LongSupplier nanoClock) {
        Map<String, TokenBucket> buckets = new LinkedHashMap<>();
        for (SamTemplate.Function function : template.functions().values()) {
            for (SamTemplate.HttpApiEvent event : function.httpApiEvents()) {
                SamTemplate.Throttling limits = override != null ? override : template.httpApiFor(event).throttling();
                if (limits != null) {
                    buckets.put(event.routeKey(), new TokenBucket(limits, nanoClock));
                }
            }
        }
        return new RouteThrottling(buckets);
    }

    static RouteThrottling none() {
        return new RouteThrottling(Map.of());
    }

    /** Takes a token for one request to {@code routeKey}: false means answer 429. */
    boolean admit(String routeKey) {
        TokenBucket bucket = buckets.get(routeKey);
        return bucket == null || bucket.take();
    }

    /** The limits a route is throttled with; empty when it is not throttled. */
    public Optional<SamTemplate.Throttling> limits(String routeKey) {
        return Optional.ofNullable(buckets.get(routeKey)).map(TokenBucket::limits);
    }

    /** Full at first; a request takes one token; tokens come back continuously at the rate, up to the burst. */
    static final class TokenBucket {
        private static final double NANOS_PER_SECOND = 1e9;

        private final SamTemplate.Throttling limits;
        private final LongSupplier nanoClock;
        private double tokens;
        private long refilledAt;

        TokenBucket(SamTemplate.Throttling limits, LongSupplier nanoClock) {
            this.limits = limits;
            this.nanoClock = nanoClock;
            this.tokens = limits.burstLimit();
            this.refilledAt = nanoClock.getAsLong();
        }

        synchronized boolean take() {
            long now = nanoClock.getAsLong();
            double refill = (now - refilledAt) / NANOS_PER_SECOND * limits.rateLimit();
            tokens = Math.min(limits.burstLimit(), tokens + refill);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        SamTemplate.Throttling limits() {
            return limits;
        }
    }
}
