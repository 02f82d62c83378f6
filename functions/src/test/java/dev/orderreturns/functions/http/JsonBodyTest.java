package dev.orderreturns.functions.http;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Refusal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict reading of request bodies: what is refused, and the field each refusal names. */
class JsonBodyTest {

    private static Map<String, Object> parse(String json) {
        return JsonBody.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fields(Refusal refusal) {
        return refusal.errors().stream().map(FieldError::field).toList();
    }

    private static void assertBodyRefused(String json) {
        Refusal refusal = assertThrows(Refusal.class, () -> parse(json), json);
        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        assertEquals(List.of("body"), fields(refusal));
    }

    @Test
    void onlyOneWellFormedJsonObjectIsABody() {
        assertBodyRefused("");
        assertBodyRefused("{\"a\": ");
        assertBodyRefused("[1, 2]");
        assertBodyRefused("\"text\"");
        assertBodyRefused("{\"a\": 1} {\"b\": 2}");
        assertBodyRefused("{\"a\": 1, \"a\": 2}");
        assertBodyRefused("{\"a\": 1, \"b\": x}");
        assertBodyRefused("{\"a\": 1e5 ]");
        assertEquals(Map.of("a", 1), parse(" {\"a\": 1} "));
    }

    @Test
    void wholeNumbersMustFitALongAndHaveNoFraction() {
        Map<String, Object> body = parse("{\"ok\": 9223372036854775807, \"big\": 9223372036854775808,"
                + " \"half\": 1.5, \"whole\": 2.0, \"huge\": 1e40, \"text\": \"12\", \"neg\": -3}");
        JsonBody in = new JsonBody();
        assertEquals(Long.MAX_VALUE, in.wholeNumber(body, "ok", "ok", true, 0));
        assertEquals(-3, in.wholeNumber(body, "neg", "neg", true, 0));
        assertEquals(2, in.wholeNumber(body, "whole", "whole", true, 0), "2.0 is a whole number");
        assertEquals(0, in.wholeNumber(body, "big", "big", true, 0));
        assertEquals(0, in.wholeNumber(body, "half", "half", true, 0));
        assertEquals(0, in.wholeNumber(body, "huge", "huge", true, 0));
        assertEquals(0, in.wholeNumber(body, "text", "text", true, 0));
        assertEquals(7, in.wholeNumber(body, "absent", "absent", false, 7));
        assertEquals(0, in.wholeNumber(body, "missing", "missing", true, 0));
        Refusal refusal = assertThrows(Refusal.class, in::refuseIfProblems);
        assertEquals(List.of("big", "half", "huge", "text", "missing"), fields(refusal));
        assertTrue(refusal.errors().get(1).message().contains("whole number"), refusal.errors().toString());
        assertTrue(refusal.errors().get(0).message().contains("out of range"), refusal.errors().toString());
    }

    @Test
    void centsMayComeAsAStringOfDigitsButNeverAsADecimal() {
        Map<String, Object> body = parse("{\"a\": \"3900\", \"b\": 3900, \"c\": \"39.00\", \"d\": \"99999999999999999999\"}");
        JsonBody in = new JsonBody();
        assertEquals(3900, in.centsOrDigits(body, "a", "a", true));
        assertEquals(3900, in.centsOrDigits(body, "b", "b", true));
        in.centsOrDigits(body, "c", "c", true);
        in.centsOrDigits(body, "d", "d", true);
        assertEquals(List.of("c", "d"), fields(assertThrows(Refusal.class, in::refuseIfProblems)));
    }

    @Test
    void wrongTypesAreNamedByTheirPath() {
        Map<String, Object> body = parse("{\"s\": 1, \"l\": {}, \"o\": []}");
        JsonBody in = new JsonBody();
        in.string(body, "s", "x.s", true);
        in.list(body, "l", "x.l", true);
        in.object(body, "o", "x.o", true);
        assertEquals(List.of("x.s", "x.l", "x.o"), fields(assertThrows(Refusal.class, in::refuseIfProblems)));
    }

    /** Refuses the body and answers the one field the refusal names. */
    private static String refusedField(String json) {
        Refusal refusal = assertThrows(Refusal.class, () -> parse(json), json);
        assertEquals(Refusal.Kind.INVALID, refusal.kind(), json);
        assertEquals(1, refusal.errors().size(), () -> json + ": " + refusal.errors());
        return refusal.errors().getFirst().field();
    }

    @Test
    void aNumberWhoseExponentOverflowsIsRefusedNamingItsPathWhereverItIs() {
        // BigDecimal cannot hold these; jackson-jr let the first value of an object or array escape
        // as a bare NumberFormatException (a 500) and wrapped the others (a 400 on body).
        assertEquals("a", refusedField("{\"a\":1e-2147483649}"));
        assertEquals("a", refusedField("{\"b\":0,\"a\":1e-2147483649}"));
        assertEquals("a", refusedField("{\"a\":1e9999999999}"));
        assertEquals("a[0]", refusedField("{\"a\":[1e9999999999]}"));
        assertEquals("a[2]", refusedField("{\"a\":[0, 1, -1E+9999999999]}"));
        assertEquals("items[0].itemIndex",
                refusedField("{\"items\":[{\"itemIndex\":1e-2147483648,\"quantity\":1}],\"reason\":\"x\"}"));
        assertEquals("items[1].quantity",
                refusedField("{\"items\":[{}, {\"itemIndex\":0,\"quantity\":2e2147483649}]}"));
        assertEquals("x.y[0][1]", refusedField("{\"x\":{\"y\":[[0, 1e-9999999999]]}}"));
        assertEquals("body", refusedField("1e9999999999"));
        // within an int scale BigDecimal holds them; the typed reads then say what is wrong
        Map<String, Object> body = parse("{\"big\": 1e2147483647, \"tiny\": 1e-2147483647,"
                + " \"edge\": 2e2147483648}");
        JsonBody in = new JsonBody();
        in.wholeNumber(body, "big", "big", true, 0);
        in.wholeNumber(body, "tiny", "tiny", true, 0);
        in.wholeNumber(body, "edge", "edge", true, 0);
        assertEquals(List.of("big", "tiny", "edge"), fields(assertThrows(Refusal.class, in::refuseIfProblems)));
    }

    @Test
    void stringsWithAnUnpairedSurrogateAreRefusedNotStoredAsQuestionMarks() {
        // JSON escapes can spell half a pair; UTF-8 (DynamoDB, the wire) cannot carry it.
        Map<String, Object> body = parse("{\"high\": \"a\\ud800b\", \"low\": \"\\udc00\", \"last\": \"x\\ud83d\","
                + " \"reversed\": \"\\ude00\\ud83d\", \"pair\": \"\\ud83d\\ude00\", \"raw\": \"\u00e9\u2603\"}");
        JsonBody in = new JsonBody();
        assertEquals(null, in.string(body, "high", "x.high", true));
        in.string(body, "low", "x.low", true);
        in.string(body, "last", "x.last", false);
        in.string(body, "reversed", "x.reversed", false);
        assertEquals("\ud83d\ude00", in.string(body, "pair", "x.pair", true));
        assertEquals("\u00e9\u2603", in.string(body, "raw", "x.raw", true));
        Refusal refusal = assertThrows(Refusal.class, in::refuseIfProblems);
        assertEquals(List.of("x.high", "x.low", "x.last", "x.reversed"), fields(refusal));
        assertTrue(refusal.errors().getFirst().message().contains("surrogate"), refusal.errors().toString());
    }

    @Test
    void aMalformedBodyIsDescribedInTextAnAnswerCanCarry() {
        // bytes of an encoded surrogate between tokens: jackson quotes the char it took them for
        byte[] body = {'{', '"', 'a', '"', ':', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '}'};
        Refusal refusal = assertThrows(Refusal.class, () -> JsonBody.parseObject(body));
        assertEquals(List.of("body"), fields(refusal));
        assertTrue(JsonBody.isWellFormed(refusal.errors().getFirst().message()), refusal.errors().toString());
        assertTrue(JsonBody.isWellFormed(refusal.detail()), refusal.detail());
        assertTrue(refusal.detail().contains("\\ud800"), refusal.detail());
    }

    @Test
    void aFieldIsNamedOnceWithItsFirstProblem() {
        JsonBody in = new JsonBody();
        in.string(Map.of("reason", 5), "reason", "reason", true);
        in.problem("reason", "is required");
        in.problem("other", "is wrong");
        Refusal refusal = assertThrows(Refusal.class, in::refuseIfProblems);
        assertEquals(List.of("reason", "other"), fields(refusal));
        assertEquals("must be a string", refusal.errors().getFirst().message());
    }

    @Test
    void theFirstHundredProblemsAreListedAndTheRestCounted() {
        JsonBody in = new JsonBody();
        for (int i = 0; i < 250; i++) {
            in.problem("items[" + i + "].quantity", "is required");
        }
        List<String> listed = fields(assertThrows(Refusal.class, in::refuseIfProblems));
        assertEquals(JsonBody.MAX_LISTED_PROBLEMS + 1, listed.size());
        assertEquals("items[99].quantity", listed.get(99));
        assertEquals("body", listed.getLast());
    }

    @Test
    void aJsonMediaTypeIsApplicationJsonOrAPlusJsonType() {
        assertTrue(ApiRequest.isJson("application/json"));
        assertTrue(ApiRequest.isJson("Application/JSON; charset=utf-8"));
        assertTrue(ApiRequest.isJson("application/merge-patch+json"));
        assertEquals(false, ApiRequest.isJson("application/x-ndjson"));
        assertEquals(false, ApiRequest.isJson("text/plain"));
        assertEquals(false, ApiRequest.isJson("application/x-www-form-urlencoded"));
    }
}
