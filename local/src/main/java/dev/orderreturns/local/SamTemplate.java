package dev.orderreturns.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The parts of a SAM template the local stack needs: parameters, tables, queues, functions
 * (merged with Globals.Function), the HTTP API's JWT authorizer, and EventBridge buses and rules. Intrinsic functions are kept
 * as small records and resolved later by {@link LocalResources}, because their values (queue
 * URLs, ARNs) only exist once the local services run.
 */
public final class SamTemplate {

    /** A CloudFormation intrinsic function as written in the template. */
    public sealed interface Intrinsic permits Ref, GetAtt, Sub, Fn {}

    /** {@code !Ref Name} / {@code {Ref: Name}}. */
    public record Ref(String name) implements Intrinsic {}

    /** {@code !GetAtt Resource.Attribute}. */
    public record GetAtt(String resource, String attribute) implements Intrinsic {}

    /** {@code !Sub "text ${Name}"}, optionally with its own variables. */
    public record Sub(String template, Map<String, Object> variables) implements Intrinsic {}

    /** Any other intrinsic ({@code !Join}, {@code !If}, ...): kept so a clear error can name it. */
    public record Fn(String name, Object argument) implements Intrinsic {}

    public record Parameter(String name, String type, Object defaultValue) {
        /** The default as CloudFormation passes it on: always a string (Number parameters too). */
        public String defaultString() {
            return defaultValue == null ? null : scalarString(defaultValue);
        }
    }

    public record KeyElement(String attributeName, String keyType) {}

    public record AttributeDefinition(String attributeName, String attributeType) {}

    public record Projection(String projectionType, List<String> nonKeyAttributes) {}

    public record SecondaryIndex(String indexName, List<KeyElement> keySchema, Projection projection) {}

    public record Table(String logicalId, List<KeyElement> keySchema, List<AttributeDefinition> attributeDefinitions,
                        List<SecondaryIndex> globalSecondaryIndexes, List<SecondaryIndex> localSecondaryIndexes) {}

    /** {@code deadLetterQueue} is the logical id when the target is {@code !GetAtt Queue.Arn}, else null. */
    public record RedrivePolicy(Object deadLetterTargetArn, String deadLetterQueue, int maxReceiveCount) {}

    /** {@code properties} keeps every property, so later code can pass more SQS attributes on. */
    public record Queue(String logicalId, Integer visibilityTimeout, RedrivePolicy redrivePolicy, boolean fifo,
                        Map<String, Object> properties) {}

    /** An AWS::Events::EventBus; {@code name} as written (a string or an intrinsic), null when absent. */
    public record EventBus(String logicalId, Object name) {}

    /** One target of a rule: its Id, its Arn as written, and all its properties (Input, SqsParameters, ...). */
    public record RuleTarget(String id, Object arn, Map<String, Object> properties) {}

    /**
     * An AWS::Events::Rule as written: {@code name} and {@code eventBusName} may be intrinsics or null
     * (CloudFormation's generated name; the default bus); {@code eventPattern} is a mapping or a JSON
     * string, null for a schedule rule; {@code state} null means ENABLED.
     */
    public record EventRule(String logicalId, Object name, Object eventBusName, Object eventPattern, String state,
                            String scheduleExpression, List<RuleTarget> targets) {
        public boolean enabled() {
            return state == null || !state.equals("DISABLED");
        }
    }

    public sealed interface Event permits HttpApiEvent, SqsEvent, ScheduleEvent {
        String name();
    }

    /**
     * An HttpApi route. {@code method} is upper case ({@code ANY} for any method); {@code path} is
     * {@code $default} for the default route. {@code authorizer} is the event's own Auth.Authorizer
     * ({@code NONE} = open route) or null to use the API's default authorizer.
     */
    public record HttpApiEvent(String name, String method, String path, String apiId, String authorizer)
            implements Event {
        public String routeKey() {
            return "$default".equals(path) ? "$default" : method + " " + path;
        }
    }

    /**
     * {@code queueLogicalId} is set when Queue is {@code !GetAtt X.Arn} or {@code !Ref X};
     * {@code maximumConcurrency} is ScalingConfig.MaximumConcurrency (parameters resolved), or null.
     */
    public record SqsEvent(String name, Object queue, String queueLogicalId, int batchSize,
                           List<String> functionResponseTypes, Integer maximumBatchingWindowInSeconds,
                           boolean enabled, Integer maximumConcurrency) implements Event {
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    public record ScheduleEvent(String name, String schedule, boolean enabled, Object input) implements Event {}

    /** A function with Globals.Function already merged in. */
    public record Function(String logicalId, String handler, int timeoutSeconds, int memorySize,
                           Map<String, Object> environment, List<Event> events, Map<String, Object> properties) {
        public String handlerClass() {
            int i = handler.indexOf("::");
            return i < 0 ? handler : handler.substring(0, i);
        }

        /** The handler method name; Lambda defaults to handleRequest when the handler names only a class. */
        public String handlerMethod() {
            int i = handler.indexOf("::");
            return i < 0 ? "handleRequest" : handler.substring(i + 2);
        }

        public List<HttpApiEvent> httpApiEvents() {
            return events.stream().filter(HttpApiEvent.class::isInstance).map(HttpApiEvent.class::cast).toList();
        }

        public List<SqsEvent> sqsEvents() {
            return events.stream().filter(SqsEvent.class::isInstance).map(SqsEvent.class::cast).toList();
        }

        public List<ScheduleEvent> scheduleEvents() {
            return events.stream().filter(ScheduleEvent.class::isInstance).map(ScheduleEvent.class::cast).toList();
        }
    }

    /** A JWT authorizer, its issuer and audiences resolved to strings (parameter defaults). */
    public record JwtAuthorizer(String name, String identitySource, String issuer, List<String> audience) {}

    /**
     * Route throttling as API Gateway applies it: each route a token bucket holding
     * {@code burstLimit} requests, refilled at {@code rateLimit} requests per second.
     */
    public record Throttling(int burstLimit, double rateLimit) {
        public Throttling {
            if (burstLimit < 0 || !(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
                throw new IllegalArgumentException("throttling needs a burst limit >= 0 and a finite rate limit >= 0,"
                        + " not " + burstLimit + " and " + rateLimit);
            }
        }
    }

    /**
     * An AWS::Serverless::HttpApi with its authorizers; {@code defaultAuthorizer} may be null.
     * {@code throttling} is its DefaultRouteSettings' limits (parameters resolved), or null when it
     * sets neither; {@code routeSettings} says whether it also has per-route RouteSettings.
     */
    public record HttpApi(String logicalId, String defaultAuthorizer, Map<String, JwtAuthorizer> authorizers,
                          Throttling throttling, boolean routeSettings) {
        public Optional<JwtAuthorizer> authorizerFor(HttpApiEvent event) {
            String name = event.authorizer() != null ? event.authorizer() : defaultAuthorizer;
            if (name == null || "NONE".equals(name)) return Optional.empty();
            JwtAuthorizer authorizer = authorizers.get(name);
            if (authorizer == null) {
                throw new IllegalStateException("route " + event.routeKey() + " uses authorizer " + name
                        + ", which " + logicalId + " does not declare (only JWT authorizers are supported locally)");
            }
            return Optional.of(authorizer);
        }
    }

    /** The HttpApi SAM creates when an HttpApi event has no ApiId. */
    public static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

    private final Path source;
    private final Map<String, Object> root;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, String> resourceTypes = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, HttpApi> httpApis = new LinkedHashMap<>();
    private final Map<String, EventBus> eventBuses = new LinkedHashMap<>();
    private final Map<String, EventRule> eventRules = new LinkedHashMap<>();

    private SamTemplate(Path source, Map<String, Object> root) {
        this.source = source;
        this.root = root;
        parseParameters();
        Map<String, Object> resources = map(root.get("Resources"), "Resources");
        Map<String, Object> globals = map(root.get("Globals"), "Globals");
        Map<String, Object> globalFunction = map(globals.get("Function"), "Globals.Function");
        Map<String, Object> globalHttpApi = map(globals.get("HttpApi"), "Globals.HttpApi");
        for (var entry : resources.entrySet()) {
            String id = entry.getKey();
            Map<String, Object> resource = map(entry.getValue(), id);
            String type = string(resource.get("Type"));
            resourceTypes.put(id, type);
            Map<String, Object> props = map(resource.get("Properties"), id + ".Properties");
            switch (type == null ? "" : type) {
                case "AWS::DynamoDB::Table" -> tables.put(id, parseTable(id, props));
                case "AWS::SQS::Queue" -> queues.put(id, parseQueue(id, props));
                case "AWS::Serverless::Function" -> functions.put(id, parseFunction(id, merge(globalFunction, props)));
                case "AWS::Serverless::HttpApi" -> httpApis.put(id, parseHttpApi(id, merge(globalHttpApi, props)));
                case "AWS::Events::EventBus" -> eventBuses.put(id, new EventBus(id, props.get("Name")));
                case "AWS::Events::Rule" -> eventRules.put(id, parseRule(id, props));
                // Access policies have no local counterpart: the local services check no permissions.
                case "AWS::SQS::QueuePolicy" -> { }
                default -> { }
            }
        }
        // HttpApi events without ApiId make SAM create an implicit API, which Globals.HttpApi also configures
        boolean implicitApiUsed = functions.values().stream()
                .anyMatch(f -> f.httpApiEvents().stream().anyMatch(e -> e.apiId() == null));
        if (implicitApiUsed && !httpApis.containsKey(IMPLICIT_HTTP_API)) {
            httpApis.put(IMPLICIT_HTTP_API, parseHttpApi(IMPLICIT_HTTP_API, globalHttpApi));
        }
    }

    public static SamTemplate load(Path path) {
        try {
            return parse(Files.readString(path), path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read template " + path + ": " + e.getMessage(), e);
        }
    }

    public static SamTemplate parse(String yaml, Path source) {
        LoadSettings settings = LoadSettings.builder().setLabel(source == null ? "template" : source.toString()).build();
        Object loaded = new Load(settings, new CfnConstructor(settings)).loadFromString(yaml);
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("template " + source + " is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) normalize(loaded);
        return new SamTemplate(source, root);
    }

    public Path source() {
        return source;
    }

    /** The whole template as loaded (maps, lists, scalars and {@link Intrinsic} records). */
    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Default value of a parameter as a string, or empty when it has none. */
    public Optional<String> parameterDefault(String name) {
        Parameter p = parameters.get(name);
        return p == null ? Optional.empty() : Optional.ofNullable(p.defaultString());
    }

    /** Logical id → Type of every resource. */
    public Map<String, String> resourceTypes() {
        return resourceTypes;
    }

    public Map<String, Table> tables() {
        return tables;
    }

    public Map<String, Queue> queues() {
        return queues;
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, HttpApi> httpApis() {
        return httpApis;
    }

    public Map<String, EventBus> eventBuses() {
        return eventBuses;
    }

    public Map<String, EventRule> eventRules() {
        return eventRules;
    }

    /** The HttpApi an event belongs to: its ApiId, else SAM's implicit API (configured by Globals.HttpApi). */
    public HttpApi httpApiFor(HttpApiEvent event) {
        String id = event.apiId() == null ? IMPLICIT_HTTP_API : event.apiId();
        HttpApi api = httpApis.get(id);
        if (api == null) {
            throw new IllegalStateException("HttpApi event " + event.name() + " refers to " + id
                    + ", which is not an AWS::Serverless::HttpApi of the template");
        }
        return api;
    }

    /** The default JWT authorizer of the template's (first) HttpApi, if it has one. */
    public Optional<JwtAuthorizer> defaultJwtAuthorizer() {
        return httpApis.values().stream()
                .filter(api -> api.defaultAuthorizer() != null && api.authorizers().containsKey(api.defaultAuthorizer()))
                .map(api -> api.authorizers().get(api.defaultAuthorizer()))
                .findFirst();
    }

    /**
     * Resolves {@code !Ref Parameter} to the parameter's default, recursively; other intrinsics are
     * left as they are. Enough for configuration that only depends on parameters (the authorizer).
     */
    public Object resolveParameters(Object value) {
        return switch (value) {
            case Ref ref when parameters.containsKey(ref.name()) -> parameters.get(ref.name()).defaultString();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), resolveParameters(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(this::resolveParameters).toList();
            case null, default -> value;
        };
    }

    // ---------------------------------------------------------------------------------------------

    private void parseParameters() {
        for (var entry : map(root.get("Parameters"), "Parameters").entrySet()) {
            Map<String, Object> p = map(entry.getValue(), entry.getKey());
            parameters.put(entry.getKey(), new Parameter(entry.getKey(), string(p.get("Type")), p.get("Default")));
        }
    }

    private Table parseTable(String id, Map<String, Object> props) {
        List<SecondaryIndex> gsis = new ArrayList<>();
        for (Object o : list(props.get("GlobalSecondaryIndexes"))) gsis.add(parseIndex(id, map(o, id + " GSI")));
        List<SecondaryIndex> lsis = new ArrayList<>();
        for (Object o : list(props.get("LocalSecondaryIndexes"))) lsis.add(parseIndex(id, map(o, id + " LSI")));
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object o : list(props.get("AttributeDefinitions"))) {
            Map<String, Object> a = map(o, id + ".AttributeDefinitions");
            attributes.add(new AttributeDefinition(required(a, "AttributeName", id), required(a, "AttributeType", id)));
        }
        return new Table(id, keySchema(id, props.get("KeySchema")), List.copyOf(attributes), List.copyOf(gsis),
                List.copyOf(lsis));
    }

    private SecondaryIndex parseIndex(String table, Map<String, Object> index) {
        String name = required(index, "IndexName", table);
        Map<String, Object> projection = map(index.get("Projection"), name + ".Projection");
        List<String> nonKey = list(projection.get("NonKeyAttributes")).stream().map(SamTemplate::string).toList();
        String type = string(projection.get("ProjectionType"));
        return new SecondaryIndex(name, keySchema(table + "." + name, index.get("KeySchema")),
                new Projection(type == null ? (nonKey.isEmpty() ? "KEYS_ONLY" : "INCLUDE") : type, nonKey));
    }

    private List<KeyElement> keySchema(String where, Object value) {
        List<KeyElement> keys = new ArrayList<>();
        for (Object o : list(value)) {
            Map<String, Object> k = map(o, where + ".KeySchema");
            keys.add(new KeyElement(required(k, "AttributeName", where), required(k, "KeyType", where)));
        }
        if (keys.isEmpty()) throw new IllegalArgumentException(where + " has no KeySchema");
        return List.copyOf(keys);
    }

    private Queue parseQueue(String id, Map<String, Object> props) {
        RedrivePolicy redrive = null;
        Object rp = props.get("RedrivePolicy");
        if (rp != null) {
            Map<String, Object> policy = map(rp, id + ".RedrivePolicy");
            Object target = policy.get("deadLetterTargetArn");
            if (target == null) throw new IllegalArgumentException(id + ".RedrivePolicy has no deadLetterTargetArn");
            String dlq = target instanceof GetAtt g && "Arn".equals(g.attribute()) ? g.resource() : null;
            redrive = new RedrivePolicy(target, dlq, integer(policy.get("maxReceiveCount"), 10));
        }
        Object vt = props.get("VisibilityTimeout");
        return new Queue(id, vt == null ? null : integer(vt, 30), redrive, bool(props.get("FifoQueue"), false),
                props);
    }

    private static EventRule parseRule(String id, Map<String, Object> props) {
        List<RuleTarget> targets = new ArrayList<>();
        for (Object o : list(props.get("Targets"))) {
            Map<String, Object> t = map(o, id + ".Targets");
            targets.add(new RuleTarget(string(t.get("Id")), t.get("Arn"), t));
        }
        return new EventRule(id, props.get("Name"), props.get("EventBusName"), props.get("EventPattern"),
                string(props.get("State")), string(props.get("ScheduleExpression")), List.copyOf(targets));
    }

    private Function parseFunction(String id, Map<String, Object> props) {
        String handler = string(props.get("Handler"));
        if (handler == null || handler.isBlank()) throw new IllegalArgumentException(id + " has no Handler");
        Map<String, Object> env = new LinkedHashMap<>(
                map(map(props.get("Environment"), id + ".Environment").get("Variables"), id + ".Environment.Variables"));
        List<Event> events = new ArrayList<>();
        for (var entry : map(props.get("Events"), id + ".Events").entrySet()) {
            Map<String, Object> event = map(entry.getValue(), id + ".Events." + entry.getKey());
            Map<String, Object> ep = map(event.get("Properties"), entry.getKey() + ".Properties");
            String type = string(event.get("Type"));
            switch (type == null ? "" : type) {
                case "HttpApi" -> events.add(parseHttpApiEvent(entry.getKey(), ep));
                case "SQS" -> events.add(parseSqsEvent(entry.getKey(), ep));
                case "Schedule", "ScheduleV2" -> events.add(new ScheduleEvent(entry.getKey(),
                        string(ep.get("Schedule") != null ? ep.get("Schedule") : ep.get("ScheduleExpression")),
                        bool(ep.get("Enabled"), !"DISABLED".equals(ep.get("State"))), ep.get("Input")));
                default -> { } // other event sources have no local counterpart (yet)
            }
        }
        return new Function(id, handler, integer(props.get("Timeout"), 3), integer(props.get("MemorySize"), 128),
                env, List.copyOf(events), props);
    }

    private static HttpApiEvent parseHttpApiEvent(String name, Map<String, Object> ep) {
        String method = string(ep.get("Method"));
        String path = string(ep.get("Path"));
        if (method == null && path == null) {
            path = "$default"; // SAM: an HttpApi event without Method and Path is the $default route
        }
        if (path == null) throw new IllegalArgumentException("HttpApi event " + name + " has a Method but no Path");
        method = method == null || method.equalsIgnoreCase("x-amazon-apigateway-any-method")
                ? "ANY" : method.toUpperCase(Locale.ROOT);
        Object apiId = ep.get("ApiId");
        String api = apiId instanceof Ref r ? r.name() : string(apiId);
        String authorizer = string(map(ep.get("Auth"), name + ".Auth").get("Authorizer"));
        return new HttpApiEvent(name, method, path, api, authorizer);
    }

    private SqsEvent parseSqsEvent(String name, Map<String, Object> ep) {
        Object queue = ep.get("Queue");
        String logical = switch (queue) {
            case GetAtt g when "Arn".equals(g.attribute()) -> g.resource();
            case Ref r -> r.name();
            case null, default -> null;
        };
        Object window = ep.get("MaximumBatchingWindowInSeconds");
        Object concurrency = resolveParameters(map(ep.get("ScalingConfig"), name + ".ScalingConfig")
                .get("MaximumConcurrency"));
        return new SqsEvent(name, queue, logical, integer(ep.get("BatchSize"), 10),
                list(ep.get("FunctionResponseTypes")).stream().map(SamTemplate::string).toList(),
                window == null ? null : integer(window, 0), bool(ep.get("Enabled"), true),
                concurrency == null ? null : integer(concurrency, 0));
    }

    private HttpApi parseHttpApi(String id, Map<String, Object> props) {
        Map<String, Object> auth = map(props.get("Auth"), id + ".Auth");
        Map<String, JwtAuthorizer> authorizers = new LinkedHashMap<>();
        for (var entry : map(auth.get("Authorizers"), id + ".Auth.Authorizers").entrySet()) {
            Map<String, Object> a = map(entry.getValue(), entry.getKey());
            Object jwt = a.get("JwtConfiguration");
            if (jwt == null) continue; // Lambda authorizers have no local counterpart
            Map<String, Object> config = map(resolveParameters(jwt), entry.getKey() + ".JwtConfiguration");
            Object issuer = config.get("issuer");
            if (!(issuer instanceof String)) {
                throw new IllegalArgumentException(entry.getKey() + ".JwtConfiguration.issuer must be a string or a !Ref"
                        + " to a parameter with a default, found " + issuer);
            }
            Object aud = config.get("audience");
            List<String> audience = (aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud)).stream()
                    .map(o -> {
                        if (!(o instanceof String s)) {
                            throw new IllegalArgumentException(entry.getKey() + ".JwtConfiguration.audience must be"
                                    + " strings or !Refs to parameters with defaults, found " + o);
                        }
                        return s;
                    }).toList();
            String source = string(a.get("IdentitySource"));
            authorizers.put(entry.getKey(), new JwtAuthorizer(entry.getKey(),
                    source == null ? "$request.header.Authorization" : source, (String) issuer, audience));
        }
        return new HttpApi(id, string(auth.get("DefaultAuthorizer")), Map.copyOf(authorizers),
                throttling(id, props.get("DefaultRouteSettings")), props.get("RouteSettings") != null);
    }

    /**
     * DefaultRouteSettings' two limits, or null when it sets neither. API Gateway takes one limit
     * alone (the account's limit stands in for the other); locally a route needs both to be throttled.
     */
    private Throttling throttling(String id, Object settings) {
        Map<String, Object> s = map(resolveParameters(settings), id + ".DefaultRouteSettings");
        Object burst = s.get("ThrottlingBurstLimit");
        Object rate = s.get("ThrottlingRateLimit");
        if (burst == null || rate == null) return null;
        if (burst instanceof Intrinsic || rate instanceof Intrinsic) {
            throw new IllegalArgumentException(id + ".DefaultRouteSettings limits must be numbers or !Refs to"
                    + " parameters with defaults, found " + burst + " and " + rate);
        }
        try {
            return new Throttling(integer(burst, 0), Double.parseDouble(scalarString(rate).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(id + ".DefaultRouteSettings.ThrottlingRateLimit must be a number,"
                    + " found " + rate, e);
        }
    }

    /** SAM's Globals rule: maps merge (function wins), lists append, scalars are overridden. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> out = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object g = out.get(key);
            if (g instanceof Map<?, ?> gm && value instanceof Map<?, ?> vm) {
                out.put(key, merge((Map<String, Object>) gm, (Map<String, Object>) vm));
            } else if (g instanceof List<?> gl && value instanceof List<?> vl) {
                List<Object> joined = new ArrayList<>(gl);
                joined.addAll(vl);
                out.put(key, joined);
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    // --- long-form intrinsics ({Ref: X}, {"Fn::GetAtt": [X, Arn]}) become the same records as short tags

    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                Object arg = normalize(m.values().iterator().next());
                if (key.equals("Ref")) return new Ref(String.valueOf(arg));
                if (key.startsWith("Fn::")) return intrinsic(key.substring(4), arg);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Intrinsic intrinsic(String name, Object arg) {
        switch (name) {
            case "Ref":
                return new Ref(String.valueOf(arg));
            case "GetAtt":
                if (arg instanceof String s && s.indexOf('.') > 0) {
                    int dot = s.indexOf('.');
                    return new GetAtt(s.substring(0, dot), s.substring(dot + 1));
                }
                if (arg instanceof List<?> l && l.size() == 2) {
                    return new GetAtt(String.valueOf(l.get(0)), String.valueOf(l.get(1)));
                }
                throw new IllegalArgumentException("malformed GetAtt: " + arg);
            case "Sub":
                if (arg instanceof String s) return new Sub(s, Map.of());
                if (arg instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String s
                        && l.get(1) instanceof Map<?, ?> vars) {
                    return new Sub(s, (Map<String, Object>) vars);
                }
                throw new IllegalArgumentException("malformed Sub: " + arg);
            default:
                return new Fn(name, arg);
        }
    }

    /** Builds records for CloudFormation's short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...). */
    private static final class CfnConstructor extends StandardConstructor {
        private static final List<String> TAGS = List.of("Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If",
                "Equals", "And", "Or", "Not", "Condition", "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs",
                "Length", "ToJsonString", "Transform");

        CfnConstructor(LoadSettings settings) {
            super(settings);
            for (String name : TAGS) tagConstructors.put(new Tag("!" + name), new ShortForm(name));
        }

        private final class ShortForm implements ConstructNode {
            private final String name;

            ShortForm(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object arg = switch (node) {
                    case ScalarNode s -> constructScalar(s);
                    case SequenceNode s -> normalize(constructSequence(s));
                    case MappingNode m -> normalize(constructMapping(m));
                    default -> throw new IllegalArgumentException("unexpected node for !" + name);
                };
                return intrinsic(name, arg);
            }
        }
    }

    // --- small accessors that give clear errors instead of ClassCastExceptions

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (value == null) return Map.of();
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(where + " must be a mapping, found " + value);
    }

    static List<?> list(Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> l) return l;
        return List.of(value);
    }

    static String string(Object value) {
        return value == null ? null : value instanceof Intrinsic ? null : scalarString(value);
    }

    private static String required(Map<String, Object> m, String key, String where) {
        String value = string(m.get(key));
        if (value == null) throw new IllegalArgumentException(where + ": " + key + " is required");
        return value;
    }

    static int integer(Object value, int defaultValue) {
        if (value == null) return defaultValue;
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, found " + value, e);
        }
    }

    static boolean bool(Object value, boolean defaultValue) {
        if (value == null) return defaultValue;
        if (value instanceof Boolean b) return b;
        return Boolean.parseBoolean(String.valueOf(value).trim());
    }

    /** Scalars as CloudFormation renders them: 8 → "8", true → "true", 1.5 → "1.5". */
    static String scalarString(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return Objects.toString(value);
    }
}
