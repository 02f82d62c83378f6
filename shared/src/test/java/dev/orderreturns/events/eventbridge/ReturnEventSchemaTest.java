package dev.orderreturns.events.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.orderreturns.domain.DueOrders;
import dev.orderreturns.domain.FakeGiftCardProvider;
import dev.orderreturns.domain.FakePaymentProvider;
import dev.orderreturns.domain.Fixtures;
import dev.orderreturns.domain.InMemoryOrderStore;
import dev.orderreturns.domain.InMemoryRefundClaims;
import dev.orderreturns.domain.MutableClock;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RecordingReturnEvents;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnEventKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events as published fit the JSON Schema consumers are given ({@code events/schemas/}): every
 * kind, rendered by the EventBridge adapter from real flows of the domain, and the schema's example.
 */
class ReturnEventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMAS = Path.of("..", "events", "schemas").toAbsolutePath().normalize();
    private static JsonSchema schema;
    private static final java.util.Map<ReturnEventKind, JsonSchema> BY_KIND = new java.util.EnumMap<>(ReturnEventKind.class);

    @BeforeAll
    static void loadSchemas() throws IOException {
        // The schemas' $ids are their published addresses; here they are read from the repository.
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix("https://order-returns.dev/schemas/events/",
                        SCHEMAS.toUri().toString())));
        schema = factory.getSchema(JSON.readTree(SCHEMAS.resolve("return-event.schema.json").toFile()));
        for (ReturnEventKind kind : ReturnEventKind.values()) {
            BY_KIND.put(kind, factory.getSchema(JSON.readTree(SCHEMAS.resolve(kind.name() + ".schema.json").toFile())));
        }
    }

    /** The EventBridge event as a consumer's rule or queue receives it. */
    private static ObjectNode envelope(ReturnEventKind kind, String detail) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", "00000000-0000-0000-0000-000000000000");
        event.put("detail-type", kind.name());
        event.put("source", EventBridgeReturnEvents.SOURCE);
        event.put("account", "123456789012");
        event.put("time", NOW.toString());
        event.put("region", "us-east-1");
        event.putArray("resources");
        event.set("detail", JSON.readTree(detail));
        return event;
    }

    private static Set<ValidationMessage> problems(JsonNode event) {
        return schema.validate(event);
    }

    @Test
    void everyKindOfEventTheFlowsPublishFitsTheSchema() throws IOException {
        InMemoryOrderStore store = new InMemoryOrderStore();
        RecordingRefundQueue queue = new RecordingRefundQueue();
        RecordingReturnEvents events = new RecordingReturnEvents();
        FakePaymentProvider payments = new FakePaymentProvider();
        MutableClock clock = new MutableClock(NOW);
        List<ObjectNode> rendered = new ArrayList<>();
        events.listener = (order, event) -> {
            try {
                rendered.add(envelope(event.kind(), EventBridgeReturnEvents.detail(order, event)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        int[] ids = {0};
        ReturnDesk desk = new ReturnDesk(store, queue, events, clock, () -> String.valueOf(++ids[0]), RetrySchedule.DEFAULT);
        store.save(Fixtures.standardOrder(), 0);
        Refunder refunder = new Refunder(store, payments, new FakeGiftCardProvider(), queue, new InMemoryRefundClaims(),
                events, clock, RetrySchedule.DEFAULT, Duration.ofSeconds(45));

        // A shirt and shipping: refunded by hand after the provider could not, then completed.
        String first = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 500, units(0, 1)), null, "a", ACTOR)
                .submitted().returnId();
        payments.script.manual("the card was closed");
        refunder.process(new RefundJob(ACCOUNT, ORDER_ID, first));
        desk.recordManualRefund(ACCOUNT, ORDER_ID, first, "chargeback-pay-1", "BANK-1", "by transfer", ACTOR);
        // Socks whose refund runs out of budget.
        String second = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-2", 0, units(1, 2)), null, "b", ACTOR)
                .submitted().returnId();
        payments.script.alwaysRetry("payment provider answered 500");
        clock.advance(Duration.ofDays(2));
        refunder.process(new RefundJob(ACCOUNT, ORDER_ID, second));
        clock.advance(Duration.ofDays(2));
        new Reconciler((now, limit) -> List.of(new DueOrders.OrderKey(ACCOUNT, ORDER_ID)), store, queue,
                new InMemoryRefundClaims(), events, clock, RetrySchedule.DEFAULT).run();

        assertEquals(EnumSet.allOf(ReturnEventKind.class), EnumSet.copyOf(events.kinds()), "every kind: " + events.kinds());
        for (ObjectNode event : rendered) {
            assertEquals(Set.of(), problems(event), event.toPrettyString());
            ReturnEventKind kind = ReturnEventKind.valueOf(event.get("detail-type").asText());
            assertEquals(Set.of(), BY_KIND.get(kind).validate(event), kind + " schema: " + event.toPrettyString());
            for (ReturnEventKind other : ReturnEventKind.values()) {
                if (other != kind) {
                    assertFalse(BY_KIND.get(other).validate(event).isEmpty(), other + " schema refuses a " + kind);
                }
            }
        }
    }

    @Test
    void theSchemaHoldsItsOwnExampleAndRefusesWhatIsNotAnEvent() throws IOException {
        JsonNode example = JSON.readTree(SCHEMAS.resolve("return-event.schema.json").toFile())
                .get("examples").get(0);
        assertEquals(Set.of(), problems(example));

        ObjectNode wrongStatus = example.deepCopy();
        ((ObjectNode) wrongStatus.get("detail")).put("status", "PENDING");
        assertFalse(problems(wrongStatus).isEmpty(), "RefundCompleted is REFUNDED");
        ObjectNode extra = example.deepCopy();
        ((ObjectNode) extra.get("detail")).put("amount", 12.5);
        assertFalse(problems(extra).isEmpty(), "no undocumented detail field");
        ObjectNode fractional = example.deepCopy();
        ((ObjectNode) fractional.get("detail").get("refund")).put("total", 75.5);
        assertTrue(problems(fractional).stream().anyMatch(m -> m.getMessage().contains("total")), "cents are integers");
    }
}
