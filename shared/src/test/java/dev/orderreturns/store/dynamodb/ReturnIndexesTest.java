package dev.orderreturns.store.dynamodb;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReturnIndexesTest {

    private static final List<Instant> TIMES = List.of(Instant.EPOCH, Instant.ofEpochMilli(7),
            Instant.parse("2001-09-09T01:46:39.999Z"), Instant.parse("2025-11-26T10:05:00.123Z"),
            Instant.ofEpochMilli(9_999_999_999_999L), Instant.ofEpochMilli(10_000_000_000_000L),
            Instant.ofEpochMilli(-1));

    @Test
    void theKeyIsTheMillisPaddedToThirteenDigitsThenTheOrderId() {
        assertEquals("1764151500123#1234567890-01",
                ReturnIndexes.key(Instant.parse("2025-11-26T10:05:00.123Z"), "1234567890-01"));
        assertEquals("0000000000007#o", ReturnIndexes.key(Instant.ofEpochMilli(7), "o"));
        for (Instant at : TIMES) {
            assertEquals(String.format("%013d#%s", at.toEpochMilli(), "o-1"), ReturnIndexes.key(at, "o-1"), at.toString());
        }
    }

    @Test
    void keysSortAsTheirTimesWithinThirteenDigits() {
        List<Instant> times = TIMES.stream().filter(t -> t.toEpochMilli() >= 0 && t.toEpochMilli() < 10_000_000_000_000L)
                .toList();
        List<String> keys = new ArrayList<>(times.stream().map(t -> ReturnIndexes.key(t, "o")).toList());
        keys.sort(Comparator.naturalOrder());
        assertEquals(times.stream().sorted().map(t -> ReturnIndexes.key(t, "o")).toList(), keys);
    }
}
