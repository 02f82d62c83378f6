package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.SamTemplate.GetAtt;
import dev.orderreturns.local.SamTemplate.Ref;
import dev.orderreturns.local.SamTemplate.Sub;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What template.yaml needs for production traffic (issue 11), each setting present and wired to
 * the parameter that tunes it: route throttling, the JSON access log, a retention on every log
 * group (the functions' included), the refund processor's maximum concurrency, the API's 5xx-rate
 * and p99-latency alarms, and the table's deletion protection.
 */
class ProductionTemplateTest {

    private final SamTemplate template = SamTemplate.load(TestHttp.realTemplate());
    private final Map<String, Object> resources = SamTemplate.map(template.raw().get("Resources"), "Resources");

    private Map<String, Object> resource(String id) {
        Map<String, Object> resource = SamTemplate.map(resources.get(id), id);
        assertFalse(resource.isEmpty(), "template.yaml has no resource " + id);
        return resource;
    }

    private Map<String, Object> properties(String id) {
        return SamTemplate.map(resource(id).get("Properties"), id + ".Properties");
    }

    private static Map<String, Object> at(Map<String, Object> map, String... path) {
        Map<String, Object> m = map;
        for (String key : path) {
            m = SamTemplate.map(m.get(key), key);
        }
        return m;
    }

    /** The parameter exists, says what it is for, and has this default. */
    private Map<String, Object> parameter(String name, String expectedDefault) {
        Map<String, Object> p = at(template.raw(), "Parameters", name);
        assertEquals("Number", p.get("Type"), name);
        assertEquals(expectedDefault, template.parameterDefault(name).orElse(null), name);
        assertTrue(p.get("Description") instanceof String d && d.length() > 40, name + " is documented");
        return p;
    }

    @Test
    void everyRouteIsThrottledWithTheBurstAndRateParameters() {
        parameter("ApiThrottlingBurstLimit", "200");
        parameter("ApiThrottlingRateLimit", "100");
        Map<String, Object> settings = at(properties("ReturnsApi"), "DefaultRouteSettings");
        assertEquals(new Ref("ApiThrottlingBurstLimit"), settings.get("ThrottlingBurstLimit"));
        assertEquals(new Ref("ApiThrottlingRateLimit"), settings.get("ThrottlingRateLimit"));
        // what the local stack reads from it: the parameters' defaults
        assertEquals(new SamTemplate.Throttling(200, 100), template.httpApis().get("ReturnsApi").throttling());
        assertFalse(template.httpApis().get("ReturnsApi").routeSettings(), "no route has limits of its own");
    }

    @Test
    void theAccessLogIsOneJsonObjectPerRequestInItsOwnLogGroup() throws IOException {
        Map<String, Object> accessLog = at(properties("ReturnsApi"), "AccessLogSettings");
        assertEquals(new GetAtt("ApiAccessLogGroup", "Arn"), accessLog.get("DestinationArn"));
        assertEquals("AWS::Logs::LogGroup", resource("ApiAccessLogGroup").get("Type"));

        Map<String, Object> format = JSON.std.mapFrom((String) accessLog.get("Format"));
        assertEquals("$context.requestId", format.get("requestId"), "the id the functions log as requestId");
        assertEquals("$context.routeKey", format.get("routeKey"));
        assertEquals("$context.status", format.get("status"));
        assertEquals("$context.responseLatency", format.get("responseLatency"));
        assertEquals("$context.integrationErrorMessage", format.get("integrationError"));
        assertEquals("$context.authorizer.claims.account", format.get("account"), "the caller's store account");
        for (var field : format.entrySet()) {
            // quoted, so a value API Gateway leaves as "-" still makes valid JSON
            assertInstanceOf(String.class, field.getValue(), field.getKey());
            assertTrue(((String) field.getValue()).startsWith("$context."), field.toString());
        }
    }

    @Test
    void everyLogGroupKeepsItsLinesForTheRetentionParameter() {
        Map<String, Object> retention = parameter("LogRetentionInDays", "90");
        assertTrue(SamTemplate.list(retention.get("AllowedValues")).stream().map(SamTemplate::scalarString)
                .toList().containsAll(List.of("1", "30", "90", "365", "3653")), "CloudWatch's own values");
        List<String> logGroups = new ArrayList<>();
        template.resourceTypes().forEach((id, type) -> {
            if ("AWS::Logs::LogGroup".equals(type)) logGroups.add(id);
        });
        assertTrue(logGroups.size() >= 1 + template.functions().size(), logGroups.toString());
        for (String id : logGroups) {
            assertEquals(new Ref("LogRetentionInDays"), properties(id).get("RetentionInDays"), id);
        }
    }

    @Test
    void everyFunctionLogsToALogGroupOfItsOwnThatTheStackDeclares() {
        Set<Object> used = new HashSet<>();
        for (SamTemplate.Function function : template.functions().values()) {
            String id = function.logicalId();
            Map<String, Object> logging = SamTemplate.map(function.properties().get("LoggingConfig"), id);
            // Without LogGroup, Lambda creates /aws/lambda/<name> itself, with no retention.
            Object group = logging.get("LogGroup");
            assertInstanceOf(Ref.class, group, id + " names its log group");
            String groupId = ((Ref) group).name();
            assertEquals("AWS::Logs::LogGroup", template.resourceTypes().get(groupId), id);
            assertTrue(used.add(groupId), id + " shares " + groupId);
            assertInstanceOf(Sub.class, properties(groupId).get("LogGroupName"));
            assertTrue(((Sub) properties(groupId).get("LogGroupName")).template().endsWith("/" + id), groupId);
            // Globals' LoggingConfig is merged in, not replaced
            assertEquals("JSON", logging.get("LogFormat"), id);
            assertEquals("INFO", logging.get("ApplicationLogLevel"), id);
        }
        assertEquals(4, used.size());
    }

    @Test
    void theRefundProcessorsQueueEventSourceIsCappedByTheConcurrencyParameter() {
        Map<String, Object> p = parameter("RefundProcessorMaximumConcurrency", "5");
        assertEquals("2", SamTemplate.scalarString(p.get("MinValue")), "SQS's minimum");
        assertEquals("1000", SamTemplate.scalarString(p.get("MaxValue")), "SQS's maximum");
        Map<String, Object> event = at(properties("RefundProcessorFunction"), "Events", "RefundJobs", "Properties");
        assertEquals(new Ref("RefundProcessorMaximumConcurrency"),
                at(event, "ScalingConfig").get("MaximumConcurrency"));
        assertEquals(5, template.functions().get("RefundProcessorFunction").sqsEvents().getFirst()
                .maximumConcurrency());
    }

    @Test
    void theApisFiveHundredRateAlarmDividesFiveHundredsByRequestsToTheAlarmTopic() {
        parameter("Api5xxAlarmThresholdPercent", "1");
        Map<String, Object> alarm = properties("Api5xxRateAlarm");
        assertEquals("AWS::CloudWatch::Alarm", resource("Api5xxRateAlarm").get("Type"));
        Map<String, String> metricIds = new java.util.HashMap<>();
        String expression = null;
        for (Object o : SamTemplate.list(alarm.get("Metrics"))) {
            Map<String, Object> query = SamTemplate.map(o, "Metrics");
            if (query.containsKey("Expression")) {
                assertEquals(true, query.get("ReturnData"));
                expression = (String) query.get("Expression");
                continue;
            }
            assertEquals(false, query.get("ReturnData"));
            Map<String, Object> stat = at(query, "MetricStat");
            Map<String, Object> metric = at(stat, "Metric");
            assertEquals("AWS/ApiGateway", metric.get("Namespace"));
            assertEquals(List.of(Map.of("Name", "ApiId", "Value", new Ref("ReturnsApi"))), metric.get("Dimensions"));
            assertEquals("Sum", stat.get("Stat"));
            metricIds.put((String) metric.get("MetricName"), (String) query.get("Id"));
        }
        assertEquals(Set.of("5xx", "Count"), metricIds.keySet());
        assertNotNull(expression, "one expression gives the alarm its value");
        String errors = metricIds.get("5xx");
        String requests = metricIds.get("Count");
        assertTrue(expression.contains("100 * FILL(" + errors + ", 0) / " + requests), expression);
        assertTrue(expression.startsWith("IF(" + requests + " > 0"), "no division by zero: " + expression);
        assertEquals(new Ref("Api5xxAlarmThresholdPercent"), alarm.get("Threshold"));
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals("notBreaching", alarm.get("TreatMissingData"));
        assertEquals(List.of(new Ref("AlarmTopic")), alarm.get("AlarmActions"));
    }

    @Test
    void theApisLatencyAlarmWatchesP99ToTheAlarmTopic() {
        parameter("ApiLatencyAlarmThresholdMs", "3000");
        Map<String, Object> alarm = properties("ApiLatencyP99Alarm");
        assertEquals("AWS/ApiGateway", alarm.get("Namespace"));
        assertEquals("Latency", alarm.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "ApiId", "Value", new Ref("ReturnsApi"))), alarm.get("Dimensions"));
        assertEquals("p99", alarm.get("ExtendedStatistic"));
        assertEquals(new Ref("ApiLatencyAlarmThresholdMs"), alarm.get("Threshold"));
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals(List.of(new Ref("AlarmTopic")), alarm.get("AlarmActions"));
    }

    @Test
    void everyAlarmNotifiesTheOneTopic() {
        List<String> alarms = new ArrayList<>();
        template.resourceTypes().forEach((id, type) -> {
            if ("AWS::CloudWatch::Alarm".equals(type)) alarms.add(id);
        });
        assertTrue(alarms.containsAll(List.of("Api5xxRateAlarm", "ApiLatencyP99Alarm", "FailedRefundsAlarm",
                "RefundDeadLetterQueueAlarm")), alarms.toString());
        for (String id : alarms) {
            assertEquals(List.of(new Ref("AlarmTopic")), properties(id).get("AlarmActions"), id);
        }
    }

    @Test
    void theTableCannotBeDeletedByAccident() {
        Map<String, Object> table = resource("OrdersTable");
        assertEquals("Retain", table.get("DeletionPolicy"));
        assertEquals("Retain", table.get("UpdateReplacePolicy"));
        assertEquals(true, properties("OrdersTable").get("DeletionProtectionEnabled"));
    }

    @Test
    void theReadmeNamesEachProductionParameterAndAlarm() throws IOException {
        String readme = Files.readString(TestHttp.repoRoot().resolve("README.md"));
        for (String name : List.of("ApiThrottlingBurstLimit", "ApiThrottlingRateLimit", "LogRetentionInDays",
                "RefundProcessorMaximumConcurrency", "Api5xxAlarmThresholdPercent", "ApiLatencyAlarmThresholdMs",
                "Api5xxRateAlarm", "ApiLatencyP99Alarm", "ApiAccessLogGroupName", "DeletionProtectionEnabled")) {
            assertTrue(readme.contains(name), "README.md does not mention " + name);
        }
    }
}
