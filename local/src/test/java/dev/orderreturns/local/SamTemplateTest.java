package dev.orderreturns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderreturns.local.SamTemplate.GetAtt;
import dev.orderreturns.local.SamTemplate.Ref;
import dev.orderreturns.local.SamTemplate.Sub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    private final SamTemplate real = SamTemplate.load(TestHttp.realTemplate());
    private final SamTemplate echo = SamTemplate.load(TestHttp.echoTemplate());

    @Test
    void parametersKeepTheirDefaultsAsCloudFormationStrings() {
        assertEquals("http://127.0.0.1:3000/_local", real.parameterDefault("JwtIssuer").orElseThrow());
        assertEquals("order-returns", real.parameterDefault("JwtAudience").orElseThrow());
        assertEquals("24", real.parameterDefault("RefundRetryHours").orElseThrow());
        assertEquals("", real.parameterDefault("PaymentsBaseUrl").orElseThrow());
    }

    @Test
    void tableWithKeySchemaSparseDueIndexAndTheListIndexes() {
        SamTemplate.Table table = real.tables().get("OrdersTable");
        assertEquals(List.of(new SamTemplate.KeyElement("pk", "HASH")), table.keySchema());
        assertEquals(List.of("pk", "dueShard", "dueAt", "listAccount", "listKey", "attnAccount", "attnKey"),
                table.attributeDefinitions().stream().map(SamTemplate.AttributeDefinition::attributeName).toList());
        SamTemplate.SecondaryIndex due = table.globalSecondaryIndexes().getFirst();
        assertEquals("DueIndex", due.indexName());
        assertEquals(List.of(new SamTemplate.KeyElement("dueShard", "HASH"), new SamTemplate.KeyElement("dueAt", "RANGE")),
                due.keySchema());
        assertEquals("KEYS_ONLY", due.projection().projectionType());
        SamTemplate.SecondaryIndex list = table.globalSecondaryIndexes().get(1);
        assertEquals("ListIndex", list.indexName());
        assertEquals(List.of(new SamTemplate.KeyElement("listAccount", "HASH"),
                new SamTemplate.KeyElement("listKey", "RANGE")), list.keySchema());
        assertEquals(new SamTemplate.Projection("INCLUDE", List.of("returnsSummary")), list.projection());
        SamTemplate.SecondaryIndex attention = table.globalSecondaryIndexes().get(2);
        assertEquals("AttentionIndex", attention.indexName());
        assertEquals(new SamTemplate.Projection("INCLUDE", List.of("returnsSummary")), attention.projection());
    }

    @Test
    void theEventBusAndItsRuleToTheInventoryQueue() {
        assertEquals(new SamTemplate.EventBus("ReturnsEventBus", new Sub("${AWS::StackName}-returns", Map.of())),
                real.eventBuses().get("ReturnsEventBus"));
        SamTemplate.EventRule rule = real.eventRules().get("InventoryEventsRule");
        assertEquals(new Ref("ReturnsEventBus"), rule.eventBusName());
        assertTrue(rule.enabled());
        assertNull(rule.name(), "CloudFormation names it");
        assertEquals(Map.of("source", List.of("order-returns"), "detail-type", List.of("ReturnRecorded",
                "RefundCompleted")), rule.eventPattern());
        assertEquals(1, rule.targets().size());
        assertEquals("inventory", rule.targets().getFirst().id());
        assertEquals(new GetAtt("InventoryEventsQueue", "Arn"), rule.targets().getFirst().arn());
        assertTrue(real.queues().containsKey("InventoryEventsQueue"));
        assertEquals("AWS::SQS::QueuePolicy", real.resourceTypes().get("InventoryEventsQueuePolicy"),
                "known, and nothing to create locally");
        assertEquals(new Ref("ReturnsEventBus"), real.functions().get("ReconcilerFunction").environment()
                .get("EVENT_BUS_NAME"), "every function gets the bus from Globals");
    }

    @Test
    void queueWithRedrivePolicyToItsDeadLetterQueue() {
        SamTemplate.Queue queue = real.queues().get("RefundQueue");
        assertEquals(360, queue.visibilityTimeout());
        assertEquals("RefundDeadLetterQueue", queue.redrivePolicy().deadLetterQueue());
        assertEquals(5, queue.redrivePolicy().maxReceiveCount());
        assertEquals(new GetAtt("RefundDeadLetterQueue", "Arn"), queue.redrivePolicy().deadLetterTargetArn());
        assertNull(real.queues().get("RefundDeadLetterQueue").redrivePolicy());
    }

    @Test
    void functionsAreMergedWithGlobals() {
        SamTemplate.Function write = real.functions().get("WriteApiFunction");
        assertEquals("dev.orderreturns.functions.WriteApiFunction", write.handlerClass());
        assertEquals("handleRequest", write.handlerMethod());
        assertEquals(20, write.timeoutSeconds());
        assertEquals(1024, write.memorySize());
        assertEquals(new Ref("OrdersTable"), write.environment().get("TABLE_NAME"));
        assertEquals(new Ref("RefundQueue"), write.environment().get("REFUND_QUEUE_URL"));
        assertEquals(List.of("PUT /orders/{orderId}", "POST /api/oms/pvt/orders/{orderId}/invoice",
                "POST /orders/{orderId}/returns",
                "POST /orders/{orderId}/returns/{returnId}/retry",
                "POST /orders/{orderId}/returns/{returnId}/parts/{partId}/manual-refund"),
                write.httpApiEvents().stream().map(e -> e.routeKey()).toList());
        SamTemplate.Function read = real.functions().get("ReadApiFunction");
        assertTrue(read.httpApiEvents().stream().anyMatch(e -> e.routeKey().equals("ANY /{proxy+}")));

        SamTemplate.Function echoFn = echo.functions().get("EchoFunction");
        // the function's own variables are added to the global ones
        assertEquals("own-value", echoFn.environment().get("ECHO_OWN"));
        assertEquals(new Ref("ItemsTable"), echoFn.environment().get("ECHO_TABLE"));
        assertEquals(7, echoFn.timeoutSeconds());
        assertEquals("POST /items/{itemId}", echoFn.httpApiEvents().get(2).routeKey(), "methods are upper-cased");
        assertEquals("NONE", echoFn.httpApiEvents().stream().filter(e -> e.path().equals("/public/ping"))
                .findFirst().orElseThrow().authorizer());
        assertEquals("handleRequest", echo.functions().get("FailingFunction").handlerMethod());
    }

    @Test
    void sqsAndScheduleEventsForLater() {
        SamTemplate.Function jobs = echo.functions().get("JobsFunction");
        SamTemplate.SqsEvent sqs = jobs.sqsEvents().getFirst();
        assertEquals("JobsQueue", sqs.queueLogicalId());
        assertEquals(5, sqs.batchSize());
        assertTrue(sqs.reportsBatchItemFailures());
        assertEquals(30, jobs.timeoutSeconds(), "the function's Timeout overrides Globals");
        assertEquals("rate(1 minute)", jobs.scheduleEvents().getFirst().schedule());
        assertTrue(jobs.scheduleEvents().getFirst().enabled());
    }

    @Test
    void jwtAuthorizerResolvedFromParameterDefaults() {
        SamTemplate.JwtAuthorizer authorizer = real.defaultJwtAuthorizer().orElseThrow();
        assertEquals("JwtAuthorizer", authorizer.name());
        assertEquals("http://127.0.0.1:3000/_local", authorizer.issuer());
        assertEquals(List.of("order-returns"), authorizer.audience());
        assertEquals("$request.header.Authorization", authorizer.identitySource());
    }

    @Test
    void shortAndLongFormIntrinsicsBecomeTheSameRecords() {
        SamTemplate t = SamTemplate.parse("""
                Parameters:
                  P: {Type: String, Default: x}
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Environment:
                        Variables:
                          SHORT_REF: !Ref P
                          LONG_REF: {Ref: P}
                          SHORT_ATT: !GetAtt Q.Arn
                          LIST_ATT: !GetAtt [Q, Arn]
                          LONG_ATT: {"Fn::GetAtt": [Q, Arn]}
                          SUB: !Sub "${P}-${Q.Arn}"
                          SUB_VARS: !Sub ["${A}", {A: !Ref P}]
                          JOIN: !Join ["-", [a, !Ref P]]
                  Q: {Type: AWS::SQS::Queue}
                """, null);
        Map<String, Object> env = t.functions().get("F").environment();
        assertEquals(new Ref("P"), env.get("SHORT_REF"));
        assertEquals(new Ref("P"), env.get("LONG_REF"));
        assertEquals(new GetAtt("Q", "Arn"), env.get("SHORT_ATT"));
        assertEquals(new GetAtt("Q", "Arn"), env.get("LIST_ATT"));
        assertEquals(new GetAtt("Q", "Arn"), env.get("LONG_ATT"));
        assertEquals(new Sub("${P}-${Q.Arn}", Map.of()), env.get("SUB"));
        assertEquals(new Sub("${A}", Map.of("A", new Ref("P"))), env.get("SUB_VARS"));
        assertInstanceOf(SamTemplate.Fn.class, env.get("JOIN"));
        assertFalse(t.defaultJwtAuthorizer().isPresent());
        assertEquals(3, t.functions().get("F").timeoutSeconds(), "Lambda's default timeout");
    }

    @Test
    void implicitApiTakesItsAuthorizerFromGlobals() {
        SamTemplate t = SamTemplate.parse("""
                Parameters:
                  Issuer: {Type: String, Default: https://issuer.test}
                Globals:
                  HttpApi:
                    Auth:
                      DefaultAuthorizer: Jwt
                      Authorizers:
                        Jwt:
                          JwtConfiguration: {issuer: !Ref Issuer, audience: [a1]}
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handle
                      Events:
                        Get: {Type: HttpApi, Properties: {Method: get, Path: /x}}
                        Default: {Type: HttpApi}
                """, null);
        SamTemplate.Function f = t.functions().get("F");
        assertEquals("handle", f.handlerMethod());
        SamTemplate.HttpApiEvent get = f.httpApiEvents().getFirst();
        assertEquals(SamTemplate.IMPLICIT_HTTP_API, t.httpApiFor(get).logicalId());
        assertEquals("https://issuer.test", t.httpApiFor(get).authorizerFor(get).orElseThrow().issuer());
        assertEquals("$default", f.httpApiEvents().get(1).routeKey());
        assertEquals(List.of("a1"), t.defaultJwtAuthorizer().orElseThrow().audience());
    }

    @Test
    void routeThrottlingAndQueueConcurrencyAreReadWithParametersResolved() {
        SamTemplate t = SamTemplate.parse("""
                Parameters:
                  Burst: {Type: Number, Default: 7}
                  Rate: {Type: Number, Default: 2.5}
                  Concurrency: {Type: Number, Default: 3}
                Globals:
                  HttpApi:
                    DefaultRouteSettings: {ThrottlingBurstLimit: !Ref Burst, ThrottlingRateLimit: !Ref Rate}
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      DefaultRouteSettings: {ThrottlingBurstLimit: 9, ThrottlingRateLimit: 1}
                      RouteSettings:
                        "GET /x": {ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1}
                  OneLimit:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      DefaultRouteSettings: {ThrottlingBurstLimit: 5, ThrottlingRateLimit: null}
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Events:
                        Implicit: {Type: HttpApi, Properties: {Method: get, Path: /i}}
                        Jobs:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Q.Arn
                            ScalingConfig: {MaximumConcurrency: !Ref Concurrency}
                        Plain: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
                  Q: {Type: AWS::SQS::Queue}
                """, null);
        assertEquals(new SamTemplate.Throttling(9, 1), t.httpApis().get("Api").throttling(), "its own over Globals");
        assertTrue(t.httpApis().get("Api").routeSettings());
        assertEquals(new SamTemplate.Throttling(7, 2.5), t.httpApis().get(SamTemplate.IMPLICIT_HTTP_API).throttling());
        assertNull(t.httpApis().get("OneLimit").throttling(), "one limit alone is not a local bucket");
        assertEquals(3, t.functions().get("F").sqsEvents().get(0).maximumConcurrency());
        assertNull(t.functions().get("F").sqsEvents().get(1).maximumConcurrency());

        assertThrows(IllegalArgumentException.class, () -> new SamTemplate.Throttling(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamTemplate.Throttling(1, Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamTemplate.parse("""
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      DefaultRouteSettings: {ThrottlingBurstLimit: 9, ThrottlingRateLimit: fast}
                """, null));
        assertTrue(e.getMessage().contains("ThrottlingRateLimit must be a number"), e.getMessage());
    }

    @Test
    void malformedTemplatesGiveClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamTemplate.parse("""
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties: {Runtime: java25}
                """, null));
        assertTrue(e.getMessage().contains("F has no Handler"), e.getMessage());
    }
}
