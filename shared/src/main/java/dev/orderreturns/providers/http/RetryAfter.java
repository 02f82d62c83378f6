package dev.orderreturns.providers.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A provider's {@code Retry-After} header (RFC 9110 section 10.2.3): whole seconds, or an HTTP-date
 * in any of its three formats. What it asks for is bounded to {@link #LONGEST}, one delayed SQS
 * message's reach, so an absurd number can neither overflow nor push a refund past the wake-up that
 * would bring it back. Anything unreadable is ignored: the retry schedule's own wait applies.
 */
final class RetryAfter {

    /** SQS delays a message by at most 15 minutes; the retry schedule's cap is the same. */
    static final Duration LONGEST = Duration.ofMinutes(15);

    private static final Pattern SECONDS = Pattern.compile("[0-9]+");
    // Only the preferred format (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") is always sent, but a
    // recipient must accept the two obsolete ones too.
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private RetryAfter() {
    }

    /** The wait {@code value} asks for at {@code now}: never negative, at most {@link #LONGEST}; empty if unreadable. */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (SECONDS.matcher(v).matches()) {
            // Beyond 18 digits a long would overflow: such a number only means "a long time".
            if (v.length() > 18) {
                return Optional.of(LONGEST);
            }
            return Optional.of(bounded(Duration.ofSeconds(Long.parseLong(v))));
        }
        return date(v).map(at -> at.isAfter(now) ? bounded(Duration.between(now, at)) : Duration.ZERO);
    }

    private static Optional<Instant> date(String v) {
        try {
            ZonedDateTime imf = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(imf.toInstant());
        } catch (DateTimeException notImf) {
            // try the obsolete formats
        }
        for (DateTimeFormatter format : new DateTimeFormatter[] {RFC_850, ASCTIME}) {
            try {
                return Optional.of(LocalDateTime.parse(v, format).toInstant(ZoneOffset.UTC));
            } catch (DateTimeException notThisOne) {
                // next
            }
        }
        return Optional.empty();
    }

    private static Duration bounded(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
