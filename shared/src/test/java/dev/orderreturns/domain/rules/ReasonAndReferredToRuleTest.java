package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.ReturnRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** R4 counts characters as users see them: code points, so an emoji is one character, not two. */
class ReasonAndReferredToRuleTest {

    private static final String EMOJI = "\ud83d\udce6"; // U+1F4E6, two UTF-16 units

    private static List<String> fields(String reason, String referredTo) {
        ReturnRequest request = new ReturnRequest(List.of(new ReturnRequest.Units(0, 1)), 0, referredTo, "RET-1",
                reason);
        return ReasonAndReferredToRule.problems(request).stream().map(FieldError::field).toList();
    }

    @Test
    void limitsCountCodePointsNotUtf16Units() {
        assertEquals(List.of(), fields(EMOJI.repeat(500), EMOJI.repeat(200)));
        assertEquals(List.of(), fields(EMOJI.repeat(251), null), "251 emoji are 251 characters, not 502");
        assertEquals(List.of("reason"), fields(EMOJI.repeat(501), null));
        assertEquals(List.of("referredTo"), fields("ok", EMOJI.repeat(201)));
        assertEquals(List.of(), fields("r".repeat(499) + EMOJI, "x".repeat(199) + EMOJI));
        assertEquals(List.of("reason", "referredTo"), fields("r".repeat(500) + EMOJI, "x".repeat(200) + EMOJI));
    }

    @Test
    void fitReasonCutsAtFiveHundredCodePointsNeverInsideAPair() {
        String fits = EMOJI.repeat(500);
        assertEquals(fits, ReasonAndReferredToRule.fitReason(fits));
        assertEquals(fits, ReasonAndReferredToRule.fitReason(fits + "more"));
        String mixed = "a" + EMOJI.repeat(600);
        String cut = ReasonAndReferredToRule.fitReason(mixed);
        assertEquals(500, cut.codePointCount(0, cut.length()));
        assertEquals("a" + EMOJI.repeat(499), cut);
        assertEquals("r".repeat(500), ReasonAndReferredToRule.fitReason("r".repeat(700)));
        assertEquals("short", ReasonAndReferredToRule.fitReason("short"));
    }
}
