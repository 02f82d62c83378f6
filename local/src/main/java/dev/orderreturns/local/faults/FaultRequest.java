package dev.orderreturns.local.faults;

import dev.orderreturns.local.LocalEndpoint;
import dev.orderreturns.local.sandbox.SandboxFaults;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A body of {@code POST /_local/faults} (DESIGN.md section 5), checked strictly: a fault armed by
 * a typo would fail nothing and the test relying on it would pass for the wrong reason.
 */
public record FaultRequest(String target, String mode, int count) {

    public static final int MAX_COUNT = 1000;

    private static final List<String> PROVIDER_MODES = Arrays.stream(SandboxFaults.Mode.values())
            .map(SandboxFaults.Mode::wire).toList();
    /** Each target and the modes it takes. */
    public static final Map<String, List<String>> MODES = modes();
    private static final Set<String> FIELDS = Set.of("target", "mode", "count");

    private static Map<String, List<String>> modes() {
        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("payments", PROVIDER_MODES);
        modes.put("giftcards", PROVIDER_MODES);
        modes.put("store", List.of("error"));
        modes.put("queue", List.of("error"));
        modes.put("events", List.of("error"));
        return modes;
    }

    /** @throws LocalEndpoint.BadRequestException naming what is wrong */
    public static FaultRequest parse(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw bad("unknown field " + field + ": a fault is {target, mode, count}");
            }
        }
        String targets = String.join(", ", MODES.keySet());
        if (!(body.get("target") instanceof String target)) {
            throw bad("target is required: one of " + targets);
        }
        List<String> modes = MODES.get(target);
        if (modes == null) {
            throw bad("target " + target + " is not one of " + targets);
        }
        if (!(body.get("mode") instanceof String mode)) {
            throw bad("mode is required: for target " + target + ", one of " + String.join(", ", modes));
        }
        if (!modes.contains(mode)) {
            throw bad("mode " + mode + " is not one of target " + target + "'s: " + String.join(", ", modes));
        }
        Object count = body.get("count");
        if (count == null) {
            throw bad("count is required: an integer from 1 to " + MAX_COUNT);
        }
        // Integer, Long or BigInteger as JSON parsing makes them; 2.0 or "2" is not a count
        if (!(count instanceof Integer || count instanceof Long || count instanceof BigInteger)
                || new BigInteger(count.toString()).compareTo(BigInteger.ONE) < 0
                || new BigInteger(count.toString()).compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
            throw bad("count must be an integer from 1 to " + MAX_COUNT + ", not " + count);
        }
        return new FaultRequest(target, mode, ((Number) count).intValue());
    }

    private static LocalEndpoint.BadRequestException bad(String message) {
        return new LocalEndpoint.BadRequestException(message);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", target);
        json.put("mode", mode);
        json.put("count", count);
        return json;
    }
}
