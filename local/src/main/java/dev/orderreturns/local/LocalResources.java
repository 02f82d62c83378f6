package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.SamTemplate.Fn;
import dev.orderreturns.local.SamTemplate.GetAtt;
import dev.orderreturns.local.SamTemplate.Queue;
import dev.orderreturns.local.SamTemplate.Ref;
import dev.orderreturns.local.SamTemplate.SecondaryIndex;
import dev.orderreturns.local.SamTemplate.Sub;
import dev.orderreturns.local.SamTemplate.Table;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import dev.orderreturns.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the template's tables (in dynalite) and queues (in ElasticMQ), names its event buses, and
 * resolves intrinsic functions against them: {@code !Ref Table} → table name, {@code !Ref Queue} →
 * queue URL, {@code !Ref EventBus} → its Name, {@code !GetAtt X.Arn} → ARN, {@code !Ref Parameter}
 * → its default, {@code !Sub} of those. Physical names of tables and queues are the logical ids, so
 * local data is easy to find; buses take their Name, as in AWS.
 */
public final class LocalResources implements AutoCloseable {
    public static final String REGION = EmbeddedSqs.REGION;
    public static final String ACCOUNT_ID = EmbeddedSqs.ACCOUNT_ID;
    /** What {@code !Ref} of an HttpApi gives locally (it is the API id in requestContext too). */
    public static final String API_ID = "local";
    public static final String STACK_NAME = "order-returns-local";

    /** Queue properties that are also SQS attribute names with the same meaning. */
    private static final List<String> QUEUE_ATTRIBUTES = List.of("DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "FifoQueue",
            "ContentBasedDeduplication");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final SamTemplate template;
    private final Map<String, String> parameters;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final Map<String, String> tableArns = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new LinkedHashMap<>();
    private final Map<String, String> eventBusNames = new LinkedHashMap<>();

    private LocalResources(SamTemplate template, Map<String, String> parameters, DynamoDbClient dynamoDb,
                           SqsClient sqs) {
        this.template = template;
        this.parameters = parameters;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
    }

    /** Connects to the given endpoints and creates every table and queue of the template. */
    public static LocalResources create(SamTemplate template, String dynamoEndpoint, String sqsEndpoint) {
        Map<String, String> parameters = new LinkedHashMap<>();
        template.parameters().forEach((name, p) -> parameters.put(name, p.defaultString()));
        DynamoDbClient dynamoDb = dynamoDbClient(dynamoEndpoint);
        SqsClient sqs = sqsClient(sqsEndpoint);
        LocalResources resources = new LocalResources(template, parameters, dynamoDb, sqs);
        try {
            // tables and queues live in different servers: create them side by side
            CompletableFuture<Void> queues = CompletableFuture.runAsync(() -> {
                Set<String> creating = new HashSet<>();
                template.queues().keySet().forEach(id -> resources.createQueue(id, creating));
            }, runnable -> Thread.ofPlatform().daemon().name("local-queues").start(runnable));
            try {
                template.tables().values().forEach(resources::createTable);
            } finally {
                try {
                    queues.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException cause) throw cause;
                    throw e;
                }
            }
            // a bus is only a name locally (LocalEventBridge answers for it); its Name may !Sub the others
            template.eventBuses().values().forEach(bus -> resources.eventBusNames.put(bus.logicalId(),
                    bus.name() == null ? bus.logicalId() : resources.resolveString(bus.name())));
            return resources;
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /** A DynamoDB client for a local endpoint (static credentials, UrlConnection HTTP client). */
    public static DynamoDbClient dynamoDbClient(String endpoint) {
        return localClient(DynamoDbClient.builder(), endpoint);
    }

    /** An SQS client for a local endpoint (static credentials, UrlConnection HTTP client). */
    public static SqsClient sqsClient(String endpoint) {
        return localClient(SqsClient.builder(), endpoint);
    }

    /** Every local client as the functions build theirs, with the local endpoint and credentials given. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C localClient(B builder,
                                                                                               String endpoint) {
        return AwsClients.build(builder, URI.create(endpoint), Region.of(REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    /** What {@code !GetAtt Function.Arn} gives, and the ARN a function sees as its own. */
    static String functionArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String tableName(String logicalId) {
        requireResource(tableArns, logicalId, "table");
        return logicalId;
    }

    public String tableArn(String logicalId) {
        return requireResource(tableArns, logicalId, "table");
    }

    public String queueUrl(String logicalId) {
        return requireResource(queueUrls, logicalId, "queue");
    }

    public String queueArn(String logicalId) {
        return requireResource(queueArns, logicalId, "queue");
    }

    /** Logical id → URL of every queue created. */
    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /** The physical name of a template's event bus (its Name). */
    public String eventBusName(String logicalId) {
        return requireResource(eventBusNames, logicalId, "event bus");
    }

    /** Logical id → name of every event bus of the template. */
    public Map<String, String> eventBusNames() {
        return Map.copyOf(eventBusNames);
    }

    /** What {@code !GetAtt Bus.Arn} gives, and how PutEvents may name a bus instead of by its name. */
    public static String eventBusArn(String busName) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT_ID + ":event-bus/" + busName;
    }

    /** A rule's name: its Name, else its logical id (where CloudFormation would generate one). */
    public String ruleName(String logicalId) {
        SamTemplate.EventRule rule = template.eventRules().get(logicalId);
        if (rule == null) throw new IllegalArgumentException("no rule " + logicalId + " in the template");
        return rule.name() == null ? logicalId : resolveString(rule.name());
    }

    /** The name of the bus a rule is on: its EventBusName (a name, or a bus ARN), else the default bus. */
    public String ruleBusName(String logicalId) {
        SamTemplate.EventRule rule = template.eventRules().get(logicalId);
        if (rule == null) throw new IllegalArgumentException("no rule " + logicalId + " in the template");
        String bus = rule.eventBusName() == null ? null : resolveString(rule.eventBusName());
        if (bus == null || bus.isEmpty()) return "default";
        String arnPrefix = eventBusArn("");
        return bus.startsWith(arnPrefix) ? bus.substring(arnPrefix.length()) : bus;
    }

    /** A rule's ARN: the bus is part of it unless the rule is on the default bus. */
    String ruleArn(String logicalId) {
        String bus = ruleBusName(logicalId);
        return "arn:aws:events:" + REGION + ":" + ACCOUNT_ID + ":rule/" + (bus.equals("default") ? "" : bus + "/")
                + ruleName(logicalId);
    }

    /** The logical id of the queue with this ARN, if it is one of ours (for event source mappings). */
    public String queueLogicalIdForArn(String arn) {
        return queueArns.entrySet().stream().filter(e -> e.getValue().equals(arn)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** Resolves intrinsics to a string (scalars as CloudFormation renders them); null for AWS::NoValue. */
    public String resolveString(Object value) {
        Object resolved = resolve(value);
        if (resolved == null) return null;
        if (resolved instanceof List<?> || resolved instanceof Map<?, ?>) {
            throw new IllegalArgumentException("expected a string, found " + resolved);
        }
        return SamTemplate.scalarString(resolved);
    }

    /** Resolves intrinsics anywhere inside a value (maps and lists included). */
    public Object resolve(Object value) {
        return switch (value) {
            case null -> null;
            case Ref ref -> ref(ref.name());
            case GetAtt att -> getAtt(att.resource(), att.attribute());
            case Sub sub -> sub(sub);
            case Fn fn -> fn(fn);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(this::resolve).toList();
            default -> value;
        };
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region": return REGION;
            case "AWS::AccountId": return ACCOUNT_ID;
            case "AWS::Partition": return "aws";
            case "AWS::URLSuffix": return "amazonaws.com";
            case "AWS::StackName": return STACK_NAME;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME + "/local";
            case "AWS::NoValue": return null;
            default: break;
        }
        if (parameters.containsKey(name)) {
            String value = parameters.get(name);
            if (value == null) throw new IllegalArgumentException("parameter " + name + " has no Default");
            return value;
        }
        if (tableArns.containsKey(name)) return name;
        if (queueUrls.containsKey(name)) return queueUrls.get(name);
        if (eventBusNames.containsKey(name)) return eventBusNames.get(name);
        String type = template.resourceTypes().get(name);
        if (type == null) throw new IllegalArgumentException("!Ref " + name + ": no such parameter or resource");
        return switch (type) {
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> API_ID;
            // CloudFormation's rule id: the name, prefixed with the bus's for a rule on a custom bus
            case "AWS::Events::Rule" -> ruleBusName(name).equals("default") ? ruleName(name)
                    : ruleBusName(name) + "|" + ruleName(name);
            default -> name; // functions and the rest: their logical id stands in for the physical name
        };
    }

    private String getAtt(String resource, String attribute) {
        if (tableArns.containsKey(resource)) {
            if (attribute.equals("Arn")) return tableArns.get(resource);
        } else if (queueUrls.containsKey(resource)) {
            switch (attribute) {
                case "Arn": return queueArns.get(resource);
                case "QueueUrl": return queueUrls.get(resource);
                case "QueueName": return resource;
                default: break;
            }
        } else if (eventBusNames.containsKey(resource)) {
            switch (attribute) {
                case "Arn": return eventBusArn(eventBusNames.get(resource));
                case "Name": return eventBusNames.get(resource);
                default: break;
            }
        } else if ("AWS::Events::Rule".equals(template.resourceTypes().get(resource)) && attribute.equals("Arn")) {
            return ruleArn(resource);
        } else if ("AWS::Serverless::Function".equals(template.resourceTypes().get(resource))
                && attribute.equals("Arn")) {
            return functionArn(resource);
        } else if (!template.resourceTypes().containsKey(resource)) {
            throw new IllegalArgumentException("!GetAtt " + resource + "." + attribute + ": no such resource");
        }
        throw new IllegalArgumentException("!GetAtt " + resource + "." + attribute + " is not supported locally");
    }

    private String sub(Sub sub) {
        Matcher m = SUB_VARIABLE.matcher(sub.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}"; // ${!Literal} is CloudFormation's escape
            } else if (sub.variables().containsKey(name)) {
                replacement = resolveString(sub.variables().get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                replacement = getAtt(name.substring(0, dot), name.substring(dot + 1));
            } else {
                replacement = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object fn(Fn fn) {
        Object arg = resolve(fn.argument());
        switch (fn.name()) {
            case "Join":
                if (arg instanceof List<?> l && l.size() == 2 && l.get(1) instanceof List<?> parts) {
                    return parts.stream().map(p -> p == null ? "" : SamTemplate.scalarString(p))
                            .collect(Collectors.joining(String.valueOf(l.get(0))));
                }
                break;
            case "Select":
                if (arg instanceof List<?> l && l.size() == 2 && l.get(1) instanceof List<?> items) {
                    return items.get(SamTemplate.integer(l.get(0), 0));
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("!" + fn.name() + " is not supported by the local stack: " + fn.argument());
    }

    // ---------------------------------------------------------------------------------------------

    private void createTable(Table table) {
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (SecondaryIndex index : table.globalSecondaryIndexes()) {
            gsis.add(GlobalSecondaryIndex.builder().indexName(index.indexName()).keySchema(keys(index.keySchema()))
                    .projection(projection(index)).build());
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (SecondaryIndex index : table.localSecondaryIndexes()) {
            lsis.add(LocalSecondaryIndex.builder().indexName(index.indexName()).keySchema(keys(index.keySchema()))
                    .projection(projection(index)).build());
        }
        CreateTableResponse response = dynamoDb.createTable(b -> {
            b.tableName(table.logicalId())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(keys(table.keySchema()))
                    .attributeDefinitions(table.attributeDefinitions().stream()
                            .map(a -> AttributeDefinition.builder().attributeName(a.attributeName())
                                    .attributeType(a.attributeType()).build()).toList());
            if (!gsis.isEmpty()) b.globalSecondaryIndexes(gsis);
            if (!lsis.isEmpty()) b.localSecondaryIndexes(lsis);
        });
        String arn = response.tableDescription().tableArn();
        tableArns.put(table.logicalId(), arn != null ? arn
                : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + table.logicalId());
    }

    private static List<KeySchemaElement> keys(List<SamTemplate.KeyElement> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName())
                .keyType(k.keyType()).build()).toList();
    }

    private static Projection projection(SecondaryIndex index) {
        Projection.Builder b = Projection.builder().projectionType(index.projection().projectionType());
        if (!index.projection().nonKeyAttributes().isEmpty()) b.nonKeyAttributes(index.projection().nonKeyAttributes());
        return b.build();
    }

    /** Dead-letter queues first: a RedrivePolicy needs its target's ARN. */
    private void createQueue(String id, Set<String> creating) {
        if (queueUrls.containsKey(id)) return;
        if (!creating.add(id)) throw new IllegalArgumentException("queue " + id + " is part of a redrive cycle");
        Queue queue = template.queues().get(id);
        if (queue.redrivePolicy() != null && queue.redrivePolicy().deadLetterQueue() != null) {
            String dlq = queue.redrivePolicy().deadLetterQueue();
            if (!template.queues().containsKey(dlq)) {
                throw new IllegalArgumentException(id + ".RedrivePolicy targets " + dlq + ", which is not a queue");
            }
            createQueue(dlq, creating);
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        for (String name : QUEUE_ATTRIBUTES) {
            Object value = queue.properties().get(name);
            if (value != null) attributes.put(QueueAttributeName.fromValue(name), resolveString(value));
        }
        if (queue.redrivePolicy() != null) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("deadLetterTargetArn", resolveString(queue.redrivePolicy().deadLetterTargetArn()));
            policy.put("maxReceiveCount", queue.redrivePolicy().maxReceiveCount());
            try {
                attributes.put(QueueAttributeName.REDRIVE_POLICY, JSON.std.asString(policy));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String name = queue.fifo() ? id + ".fifo" : id; // SQS requires the suffix on FIFO queues
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrls.put(id, url);
        queueArns.put(id, arn);
    }

    private static String requireResource(Map<String, String> resources, String id, String kind) {
        String value = resources.get(id);
        if (value == null) throw new IllegalArgumentException("no " + kind + " " + id + " in the template");
        return value;
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
    }
}
