package dev.orderreturns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderreturns.local.SamTemplate.GetAtt;
import dev.orderreturns.local.events.EventRules;
import dev.orderreturns.local.SamTemplate.Ref;
import dev.orderreturns.local.SamTemplate.Sub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The real template's table and queues, created in real dynalite and ElasticMQ. */
@Tag("integration")
class LocalResourcesTest {
    private static Dynalite dynalite;
    private static EmbeddedSqs sqs;
    private static LocalResources resources;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        sqs = EmbeddedSqs.start();
        resources = LocalResources.create(SamTemplate.load(TestHttp.realTemplate()), dynalite.endpoint(), sqs.endpoint());
    }

    @AfterAll
    static void stop() {
        if (resources != null) resources.close();
        if (sqs != null) sqs.close();
        if (dynalite != null) {
            ProcessHandle node = dynalite.processHandle();
            dynalite.close();
            assertFalse(node.isAlive(), "dynalite's node process must be gone after close");
        }
    }

    @Test
    void ordersTableWithDueIndex() {
        TableDescription table = resources.dynamoDb().describeTable(b -> b.tableName("OrdersTable")).table();
        assertEquals(List.of(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()),
                table.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        GlobalSecondaryIndexDescription due = table.globalSecondaryIndexes().getFirst();
        assertEquals("DueIndex", due.indexName());
        assertEquals(List.of(KeySchemaElement.builder().attributeName("dueShard").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("dueAt").keyType(KeyType.RANGE).build()), due.keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, due.projection().projectionType());
        assertEquals(table.tableArn(), resources.tableArn("OrdersTable"));
    }

    /**
     * The two list indexes are created as declared, and dynalite keeps to an INCLUDE projection on a
     * Query as DynamoDB does: the keys and returnsSummary, not the order's document.
     */
    @Test
    void theListIndexesProjectOnlyTheReturnsSummary() {
        TableDescription table = resources.dynamoDb().describeTable(b -> b.tableName("OrdersTable")).table();
        assertEquals(List.of("DueIndex", "ListIndex", "AttentionIndex"), table.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).toList());
        for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes().subList(1, 3)) {
            assertEquals(ProjectionType.INCLUDE, index.projection().projectionType(), index.indexName());
            assertEquals(List.of("returnsSummary"), index.projection().nonKeyAttributes(), index.indexName());
        }
        resources.dynamoDb().putItem(b -> b.tableName("OrdersTable").item(Map.of(
                "pk", AttributeValue.fromS("projection-test#o-1"), "doc", AttributeValue.fromS("{}"),
                "version", AttributeValue.fromN("1"), "listAccount", AttributeValue.fromS("projection-test"),
                "listKey", AttributeValue.fromS("0000000000001#o-1"),
                "returnsSummary", AttributeValue.fromS("[]"))));
        Map<String, AttributeValue> listed = resources.dynamoDb().query(b -> b.tableName("OrdersTable")
                .indexName("ListIndex").keyConditionExpression("listAccount = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS("projection-test")))).items().getFirst();
        assertEquals(java.util.Set.of("pk", "listAccount", "listKey", "returnsSummary"), listed.keySet());
    }

    @Test
    void theEventBusIsItsNameAndArnAndTheRuleOnItHasTheBusInItsArn() {
        assertEquals("order-returns-local-returns", resources.eventBusName("ReturnsEventBus"));
        assertEquals("order-returns-local-returns", resources.resolveString(new Ref("ReturnsEventBus")));
        assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/order-returns-local-returns",
                resources.resolveString(new GetAtt("ReturnsEventBus", "Arn")));
        assertEquals("order-returns-local-returns", resources.resolveString(new GetAtt("ReturnsEventBus", "Name")));
        assertEquals("order-returns-local-returns", resources.ruleBusName("InventoryEventsRule"));
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/order-returns-local-returns/InventoryEventsRule",
                resources.resolveString(new GetAtt("InventoryEventsRule", "Arn")));
        assertEquals("order-returns-local-returns|InventoryEventsRule",
                resources.resolveString(new Ref("InventoryEventsRule")));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:InventoryEventsQueue",
                resources.queueArn("InventoryEventsQueue"), "the rule's target exists");
    }

    @Test
    void theTemplatesRuleDeliversItsTwoDetailTypesToTheInventoryQueueWithoutWarnings() {
        List<String> warnings = new java.util.ArrayList<>();
        List<EventRules.Rule> rules = EventRules.from(SamTemplate.load(TestHttp.realTemplate()), resources,
                warnings::add);
        assertEquals(List.of(), warnings);
        assertEquals(1, rules.size());
        EventRules.Rule rule = rules.getFirst();
        assertEquals("order-returns-local-returns", rule.bus());
        assertEquals(List.of(new EventRules.Target("inventory", "InventoryEventsQueue",
                resources.queueUrl("InventoryEventsQueue"))), rule.targets());
        assertTrue(rule.pattern().matches(Map.of("source", "order-returns", "detail-type", "RefundCompleted")));
        assertFalse(rule.pattern().matches(Map.of("source", "order-returns", "detail-type", "RefundFailed")));
    }

    @Test
    void refundQueueRedrivesToItsDeadLetterQueue() {
        String dlqArn = resources.queueArn("RefundDeadLetterQueue");
        assertEquals("arn:aws:sqs:us-east-1:000000000000:RefundDeadLetterQueue", dlqArn);
        Map<QueueAttributeName, String> attributes = resources.sqs().getQueueAttributes(b -> b
                .queueUrl(resources.queueUrl("RefundQueue")).attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("360", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        Map<String, Object> redrive = TestHttp.json(attributes.get(QueueAttributeName.REDRIVE_POLICY).getBytes());
        assertEquals(dlqArn, redrive.get("deadLetterTargetArn"));
        assertEquals("5", String.valueOf(redrive.get("maxReceiveCount")));
        assertTrue(resources.queueUrl("RefundDeadLetterQueue").endsWith("/RefundDeadLetterQueue"));
    }

    @Test
    void queuesWorkThroughTheirUrls() {
        String url = resources.queueUrl("RefundQueue");
        assertTrue(url.startsWith(sqs.endpoint() + "/"), url);
        resources.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{\"orderId\":\"1\"}"));
        var received = resources.sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
        assertEquals("{\"orderId\":\"1\"}", received.getFirst().body());
    }

    @Test
    void intrinsicsResolveAgainstTheCreatedResources() {
        assertEquals("OrdersTable", resources.resolveString(new Ref("OrdersTable")));
        assertEquals(resources.queueUrl("RefundQueue"), resources.resolveString(new Ref("RefundQueue")));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:RefundQueue",
                resources.resolveString(new GetAtt("RefundQueue", "Arn")));
        assertTrue(resources.resolveString(new GetAtt("OrdersTable", "Arn")).endsWith(":table/OrdersTable"));
        assertEquals("24", resources.resolveString(new Ref("RefundRetryHours")));
        assertEquals("", resources.resolveString(new Ref("PaymentsBaseUrl")));
        assertEquals("https://local.execute-api.us-east-1.amazonaws.com", resources.resolveString(
                new Sub("https://${ReturnsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}", Map.of())));
        assertEquals("${literal} RefundQueue", resources.resolveString(
                new Sub("${!literal} ${Name}", Map.of("Name", new GetAtt("RefundQueue", "QueueName")))));
        assertEquals(null, resources.resolveString(new Ref("AWS::NoValue")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resources.resolveString(new Ref("Nope")));
        assertTrue(e.getMessage().contains("Nope"), e.getMessage());
    }

    @Test
    void missingDynaliteInstallNamesNpmCi(@TempDir Path dir) throws Exception {
        Files.copy(RepoPaths.localDir().resolve("dynalite-server.js"), dir.resolve("dynalite-server.js"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Dynalite.start(dir, 0));
        assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
    }
}
