package dev.orderreturns.domain;

import java.time.Instant;

/** A client's {@code Idempotency-Key}: the fingerprint of the first request that used it and its result. */
public record IdempotencyRecord(String requestFingerprint, String returnId, Instant at) {
}
