package dev.orderreturns.providers.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date. */
    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
    private static final Instant NOW = EXAMPLE.minusSeconds(120);

    private static Optional<Duration> parse(String value) {
        return RetryAfter.parse(value, NOW);
    }

    @Test
    void wholeSecondsAreTheWait() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), parse("120"));
        assertEquals(Optional.of(Duration.ZERO), parse("0"));
        assertEquals(Optional.of(Duration.ofSeconds(7)), parse(" 7 "), "surrounding whitespace is not part of it");
        assertEquals(Optional.of(Duration.ofSeconds(900)), parse("900"));
    }

    @Test
    void anHttpDateIsTheTimeUntilThenInEachOfItsThreeFormats() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Optional.of(Duration.ofSeconds(120)), parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(Optional.of(Duration.ofSeconds(120)), parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void aDateAlreadyPastAsksForNoWait() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT",
                EXAMPLE.plusSeconds(3600)));
    }

    @Test
    void hugeWaitsAreBoundedToFifteenMinutes() {
        assertEquals(Optional.of(RetryAfter.LONGEST), parse("901"));
        assertEquals(Optional.of(RetryAfter.LONGEST), parse("86400"));
        assertEquals(Optional.of(RetryAfter.LONGEST), parse("99999999999999999999999999999"), "past a long");
        assertEquals(Optional.of(RetryAfter.LONGEST), parse("Fri, 31 Dec 9999 23:59:59 GMT"));
        assertEquals(Duration.ofMinutes(15), RetryAfter.LONGEST);
    }

    @Test
    void negativeFractionalAndGarbageValuesAreIgnored() {
        assertEquals(Optional.empty(), parse(null));
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("-5"));
        assertEquals(Optional.empty(), parse("1.5"));
        assertEquals(Optional.empty(), parse("+30"));
        assertEquals(Optional.empty(), parse("soon"));
        assertEquals(Optional.empty(), parse("30s"));
        assertEquals(Optional.empty(), parse("1994-11-06T08:49:37Z"), "ISO 8601 is not an HTTP-date");
        assertEquals(Optional.empty(), parse("Mon, 06 Nov 1994 08:49:37 GMT"), "the 6th was a Sunday");
        assertEquals(Optional.empty(), parse("Sun, 32 Nov 1994 08:49:37 GMT"));
    }
}
