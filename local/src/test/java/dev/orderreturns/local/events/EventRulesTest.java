package dev.orderreturns.local.events;

import dev.orderreturns.local.EmbeddedSqs;
import dev.orderreturns.local.LocalResources;
import dev.orderreturns.local.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which of a template's rules the local bus applies, and every kind it cannot honour left out with a
 * warning that names the rule and the reason (the repository's own rule: {@code LocalResourcesTest}).
 */
@Tag("integration")
class EventRulesTest {

    private static EmbeddedSqs sqs;

    @BeforeAll
    static void start() {
        sqs = EmbeddedSqs.start();
    }

    @AfterAll
    static void stop() {
        if (sqs != null) sqs.close();
    }

    /** The template's queues in ElasticMQ; it has no tables, so DynamoDB is never called. */
    private static LocalResources resources(SamTemplate template) {
        return LocalResources.create(template, "http://127.0.0.1:9", sqs.endpoint());
    }

    @Test
    void whatCannotBeHonouredIsLeftOutWithAWarningNamingIt() {
        SamTemplate template = SamTemplate.parse("""
                Resources:
                  Bus: {Type: AWS::Events::EventBus, Properties: {Name: !Sub "${AWS::StackName}-bus"}}
                  Q1: {Type: AWS::SQS::Queue}
                  Q2: {Type: AWS::SQS::Queue}
                  Fifo: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
                  Topic: {Type: AWS::SNS::Topic}
                  JsonPattern:
                    Type: AWS::Events::Rule
                    Properties:
                      Name: json-pattern
                      EventBusName: !GetAtt Bus.Arn
                      EventPattern: '{"source": ["a"], "detail": {"status": ["REFUNDED"]}}'
                      Targets:
                        - {Id: one, Arn: !GetAtt Q1.Arn}
                        - {Id: shaped, Arn: !GetAtt Q2.Arn, InputPath: $.detail}
                        - {Id: topic, Arn: !Ref Topic}
                        - {Id: fifo, Arn: !GetAtt Fifo.Arn}
                  Prefix:
                    Type: AWS::Events::Rule
                    Properties:
                      EventBusName: !Ref Bus
                      EventPattern: {source: [{prefix: order}]}
                      Targets: [{Id: one, Arn: !GetAtt Q1.Arn}]
                  Disabled:
                    Type: AWS::Events::Rule
                    Properties:
                      State: DISABLED
                      EventPattern: {source: [a]}
                      Targets: [{Id: one, Arn: !GetAtt Q1.Arn}]
                  Schedule:
                    Type: AWS::Events::Rule
                    Properties:
                      ScheduleExpression: rate(1 hour)
                      Targets: [{Id: one, Arn: !GetAtt Q1.Arn}]
                  OtherBus:
                    Type: AWS::Events::Rule
                    Properties:
                      EventBusName: someone-elses-bus
                      EventPattern: {source: [a]}
                      Targets: [{Id: one, Arn: !GetAtt Q1.Arn}]
                  OnlyShaped:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [a]}
                      Targets: [{Id: shaped, Arn: !GetAtt Q2.Arn, Input: '{"fixed": true}'}]
                  DefaultBus:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [a], account: [!Ref AWS::AccountId]}
                      Targets: [{Id: two, Arn: !GetAtt Q2.Arn}]
                """, null);
        try (LocalResources resources = resources(template)) {
            List<String> warnings = new ArrayList<>();
            List<EventRules.Rule> rules = EventRules.from(template, resources, warnings::add);

            assertEquals(List.of("JsonPattern", "DefaultBus"), rules.stream().map(EventRules.Rule::logicalId).toList());
            EventRules.Rule json = rules.getFirst();
            assertEquals("json-pattern", json.name());
            assertEquals("order-returns-local-bus", json.bus(), "a bus named by its ARN");
            assertEquals(List.of("Q1"), json.targets().stream().map(EventRules.Target::queueLogicalId).toList());
            assertTrue(json.pattern().matches(Map.of("source", "a", "detail", Map.of("status", "REFUNDED"))));
            EventRules.Rule defaultBus = rules.get(1);
            assertEquals("default", defaultBus.bus());
            assertTrue(defaultBus.pattern().matches(Map.of("source", "a", "account", LocalResources.ACCOUNT_ID)),
                    "intrinsics in a pattern are resolved");

            String all = String.join("\n", warnings);
            assertEquals(8, warnings.size(), all);
            for (String expected : List.of("target shaped of rule JsonPattern uses InputPath",
                    "target topic of rule JsonPattern", "target fifo of rule JsonPattern is the FIFO queue Fifo",
                    "rule Prefix is skipped: its EventPattern source: the content filter",
                    "rule Schedule has no EventPattern (a schedule",
                    "rule OtherBus is on event bus someone-elses-bus, which the template does not declare",
                    "target shaped of rule OnlyShaped uses Input,", "rule OnlyShaped has no target")) {
                assertTrue(all.contains(expected), "missing \"" + expected + "\" in:\n" + all);
            }
            assertTrue(all.lines().noneMatch(w -> w.contains("Disabled")), "a disabled rule is simply off");
        }
    }
}
