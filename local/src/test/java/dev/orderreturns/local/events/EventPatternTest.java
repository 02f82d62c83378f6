package dev.orderreturns.local.events;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the local bus matches, and what it refuses rather than match wrongly. */
class EventPatternTest {

    private static Map<String, Object> event(String source, String detailType, Map<String, Object> detail) {
        Map<String, Object> event = new HashMap<>();
        event.put("version", "0");
        event.put("source", source);
        event.put("detail-type", detailType);
        event.put("resources", List.of("arn:one", "arn:two"));
        event.put("detail", detail);
        return event;
    }

    private static final EventPattern TEMPLATE_RULE = EventPattern.parse(Map.of(
            "source", List.of("order-returns"),
            "detail-type", List.of("ReturnRecorded", "RefundCompleted")));

    @Test
    void theTemplatesRuleTakesEachListedDetailTypeOfItsSourceAndNothingElse() {
        assertTrue(TEMPLATE_RULE.matches(event("order-returns", "ReturnRecorded", Map.of())));
        assertTrue(TEMPLATE_RULE.matches(event("order-returns", "RefundCompleted", Map.of("x", 1))));
        assertFalse(TEMPLATE_RULE.matches(event("order-returns", "ManualRefundRequired", Map.of())));
        assertFalse(TEMPLATE_RULE.matches(event("other", "ReturnRecorded", Map.of())));
        assertFalse(TEMPLATE_RULE.matches(event("order-returns-x", "ReturnRecorded", Map.of())), "exact, not prefix");
        assertFalse(TEMPLATE_RULE.matches(event("Order-Returns", "ReturnRecorded", Map.of())), "case matters");
        Map<String, Object> noType = event("order-returns", "ReturnRecorded", Map.of());
        noType.remove("detail-type");
        assertFalse(TEMPLATE_RULE.matches(noType), "a field the pattern names must be there");
    }

    @Test
    void nestedDetailFieldsArraysNullsAndBooleansMatchExactly() {
        EventPattern pattern = EventPattern.parse("""
                {"detail": {"status": ["REFUNDED"], "refund": {"currency": ["USD", "EUR"]}, "manual": [true],
                            "note": [null]},
                 "resources": ["arn:two"]}""");
        Map<String, Object> detail = new HashMap<>(Map.of("status", "REFUNDED", "refund", Map.of("currency", "EUR"),
                "manual", true));
        detail.put("note", null);
        assertTrue(pattern.matches(event("s", "t", detail)), "an array in the event matches by any element");

        Map<String, Object> otherCurrency = new HashMap<>(detail);
        otherCurrency.put("refund", Map.of("currency", "BRL"));
        assertFalse(pattern.matches(event("s", "t", otherCurrency)));
        Map<String, Object> notManual = new HashMap<>(detail);
        notManual.put("manual", "true");
        assertFalse(pattern.matches(event("s", "t", notManual)), "a string is not the boolean");
        Map<String, Object> noNote = new HashMap<>(detail);
        noNote.remove("note");
        assertFalse(pattern.matches(event("s", "t", noNote)), "[null] matches a null, not a missing field");
        Map<String, Object> flatRefund = new HashMap<>(detail);
        flatRefund.put("refund", "EUR");
        assertFalse(pattern.matches(event("s", "t", flatRefund)), "a nested pattern needs an object");
        Map<String, Object> listStatus = new HashMap<>(detail);
        listStatus.put("status", List.of("PENDING", "REFUNDED"));
        assertTrue(pattern.matches(event("s", "t", listStatus)));
        Map<String, Object> numberStatus = new HashMap<>(detail);
        numberStatus.put("status", 1);
        assertFalse(pattern.matches(event("s", "t", numberStatus)));
    }

    @Test
    void whatIsNotMatchedLocallyIsRefusedNamingWhere() {
        for (String unsupported : List.of(
                "{\"source\": [{\"prefix\": \"order\"}]}",
                "{\"detail\": {\"status\": [{\"anything-but\": \"PENDING\"}]}}",
                "{\"detail\": {\"total\": [{\"numeric\": [\">\", 0]}]}}",
                "{\"detail\": {\"total\": [{\"exists\": true}]}}",
                "{\"$or\": [{\"source\": [\"a\"]}, {\"source\": [\"b\"]}]}",
                "{\"detail\": {\"total\": [300]}}",
                "{\"source\": \"order-returns\"}",
                "{\"source\": []}",
                "{\"detail\": {}}",
                "{}",
                "[\"source\"]",
                "{not json")) {
            EventPattern.UnsupportedPatternException e = assertThrows(EventPattern.UnsupportedPatternException.class,
                    () -> EventPattern.parse(unsupported), unsupported);
            assertFalse(e.getMessage().isBlank());
        }
        EventPattern.UnsupportedPatternException nested = assertThrows(EventPattern.UnsupportedPatternException.class,
                () -> EventPattern.parse(Map.of("detail", Map.of("status", List.of(Map.of("prefix", "P")))))); 
        assertTrue(nested.getMessage().startsWith("detail.status:"), nested.getMessage());
    }

    @Test
    void nullsInThePatternAreValuesNotHoles() {
        EventPattern pattern = EventPattern.parse(Map.of("detail", Map.of("note", Arrays.asList("x", null))));
        Map<String, Object> detail = new HashMap<>();
        detail.put("note", null);
        assertTrue(pattern.matches(event("s", "t", detail)));
        assertTrue(pattern.matches(event("s", "t", Map.of("note", "x"))));
        assertFalse(pattern.matches(event("s", "t", Map.of("note", "y"))));
    }
}
