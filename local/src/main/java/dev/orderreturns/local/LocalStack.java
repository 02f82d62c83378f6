package dev.orderreturns.local;

import dev.orderreturns.local.events.EventRules;
import dev.orderreturns.local.events.LocalEventBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole local stack (DESIGN.md section 5): DynamoDB and SQS (dynalite and ElasticMQ, unless the
 * options name other {@link BackingServices}) with the template's table and queues, a local EventBridge for its buses and rules, the function configuration, the
 * template's functions, and the HTTP API in front of them. {@code main} is what {@code local/run}
 * starts; tests use {@link #start} or {@link #shared}.
 */
public final class LocalStack implements AutoCloseable {
    public static final int DEFAULT_PORT = 3000;

    /**
     * How to start the stack. {@code port} 0 picks a free port. {@code throttling}: the limits every
     * API route gets instead of the template's DefaultRouteSettings; null keeps the template's.
     * {@code services}: the DynamoDB and SQS it runs on.
     */
    public record Options(Path template, int port, List<Extension> extensions, boolean accessLog,
                          SamTemplate.Throttling throttling, BackingServices.Provider services) {
        public Options {
            extensions = List.copyOf(extensions);
        }

        /** Throttled as the template says, on dynalite and ElasticMQ. */
        public Options(Path template, int port, List<Extension> extensions, boolean accessLog) {
            this(template, port, extensions, accessLog, null, BackingServices.bundled());
        }

        /** The repository's template.yaml on port 3000, throttled as the template says, on dynalite and ElasticMQ. */
        public static Options defaults() {
            // event sources last: extensions close in reverse, so pollers stop before the providers they reach
            return new Options(RepoPaths.template(), DEFAULT_PORT,
                    List.of(new SandboxProvidersExtension(), new EventSourcesExtension()), true);
        }

        public Options withTemplate(Path template) {
            return new Options(template, port, extensions, accessLog, throttling, services);
        }

        public Options withPort(int port) {
            return new Options(template, port, extensions, accessLog, throttling, services);
        }

        public Options withAccessLog(boolean accessLog) {
            return new Options(template, port, extensions, accessLog, throttling, services);
        }

        public Options withExtension(Extension extension) {
            List<Extension> all = new ArrayList<>(extensions);
            all.add(extension);
            return new Options(template, port, all, accessLog, throttling, services);
        }

        public Options withServices(BackingServices.Provider services) {
            return new Options(template, port, extensions, accessLog, throttling, services);
        }

        /** Every API route throttled with {@code throttling} instead of the template's limits. */
        public Options withThrottling(SamTemplate.Throttling throttling) {
            return new Options(template, port, extensions, accessLog, throttling, services);
        }

        /** The functions see these settings over the template's (e.g. a shorter retry wait for tests). */
        public Options withSettings(Map<String, String> settings) {
            return withExtension(new Extension() {
                @Override
                public void configure(LocalStack stack, Map<String, String> configuration) {
                    configuration.putAll(settings);
                }
            });
        }
    }

    /**
     * The retry waits of the stack the tests share: 1 s doubling up to 4 s instead of 30 s up to 15
     * minutes, so a test of a transient fault takes seconds. The schedule's shape is the same;
     * {@code RetryCadenceTest} checks the real waits on a stack of its own.
     */
    public static final Map<String, String> TEST_RETRY_WAITS = Map.of("REFUND_BACKOFF_BASE_SECONDS", "1",
            "REFUND_BACKOFF_CAP_SECONDS", "4");

    /**
     * The API throttling of the stack the tests share: far above anything they send. How many
     * requests a second a test manages depends on the machine, so the template's limits (which
     * hold for real clients) could throttle a test on a fast one. {@code ApiThrottlingTest} checks
     * throttling itself on a stack of its own.
     */
    public static final SamTemplate.Throttling TEST_THROTTLING = new SamTemplate.Throttling(1_000_000, 1_000_000);

    /**
     * Hooks for the parts of the local stack beyond its core: by default the sandbox providers
     * ({@link SandboxProvidersExtension}) and the queue pollers and schedules
     * ({@link EventSourcesExtension}).
     */
    public interface Extension {
        /** Before any handler class loads: adjust the function configuration (e.g. provider base URLs). */
        default void configure(LocalStack stack, Map<String, String> configuration) {}

        /** After the functions are loaded, before health says ok: register endpoints, start pollers. */
        default void start(LocalStack stack) throws Exception {}

        /** When the stack closes, in reverse order of start, while the services still run. */
        default void close() throws Exception {}
    }

    /** Starting failed; the message is one line that says why. Everything started was stopped. */
    public static final class StartException extends RuntimeException {
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static LocalStack shared;

    private final Options options;
    private SamTemplate template;
    private volatile LocalAuthorizer authorizer;
    private LocalHttpApi httpApi;
    private BackingServices services;
    private LocalResources resources;
    private LocalEventBridge eventBridge;
    private LocalFunctions functions;
    private final Map<String, String> configuration = new LinkedHashMap<>();
    private final Map<String, String> replacedProperties = new LinkedHashMap<>();
    private final List<Extension> startedExtensions = new ArrayList<>();
    private volatile boolean closed;

    private LocalStack(Options options) {
        this.options = options;
    }

    /**
     * Starts everything and returns once {@code /_local/health} says ok.
     *
     * @throws StartException with a one-line reason, after stopping whatever had started
     */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            try {
                stack.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof StartException s ? s : new StartException(reason(e), e);
        }
    }

    /**
     * One stack per JVM for tests: the repository's template.yaml on a free port, with
     * {@link #TEST_RETRY_WAITS} and {@link #TEST_THROTTLING}, on the backing services
     * {@link BackingServices#selected()} names, started on first use and closed by a shutdown hook
     * (or started afresh if someone closed it).
     */
    public static synchronized LocalStack shared() {
        if (shared == null || shared.closed) {
            LocalStack stack = start(Options.defaults().withPort(0).withAccessLog(false)
                    .withServices(BackingServices.selected()).withSettings(TEST_RETRY_WAITS)
                    .withThrottling(TEST_THROTTLING));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shared-close"));
            shared = stack;
        }
        return shared;
    }

    private void startAll() throws Exception {
        Path templatePath = options.template();
        if (!Files.isRegularFile(templatePath)) {
            throw new StartException("template " + templatePath + " not found (pass --template PATH)", null);
        }
        template = SamTemplate.load(templatePath);
        HttpRoutes routes = HttpRoutes.from(template);
        // the port first: "port in use" then fails fast, before any child process exists
        httpApi = LocalHttpApi.start(options.port());
        httpApi.accessLog(options.accessLog());
        // the operator's page (web/) at /, for the repository's own template only
        if (templatePath.toAbsolutePath().normalize().equals(RepoPaths.template().toAbsolutePath().normalize())) {
            httpApi.serveWeb(RepoPaths.web());
        }
        httpApi.register(LocalHttpApi.LOCAL_PREFIX + "/token", this::issueToken);
        // For local/invoke: run one function against this stack's services.
        httpApi.register(LocalHttpApi.LOCAL_PREFIX + "/config", request -> {
            request.requireMethod("GET");
            if (!httpApi.isReady()) return LocalEndpoint.Response.message(503, "Service Unavailable");
            return LocalEndpoint.Response.json(200, configuration);
        });

        // the services (node, ElasticMQ) and the RSA key take seconds each: start them side by side
        try (ExecutorService starter = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("local-stack-start-", 1).factory())) {
            Future<BackingServices> servicesStart = starter.submit(options.services()::start);
            Future<LocalAuthorizer> authorizerStart = starter.submit(this::newAuthorizer);
            // wait for both, keeping what started so close() can stop it if the other failed
            services = settle(servicesStart);
            authorizer = settle(authorizerStart);
            rethrowFailure(servicesStart, authorizerStart);
        }
        for (HttpRoutes.Route route : routes.routes()) {
            if (route.authorizer() != null && !authorizer.accepts(route.authorizer())) {
                System.err.println("warning: route " + route.routeKey() + " uses authorizer " + route.authorizer().name()
                        + "; the local stack checks it with the default authorizer's issuer and audience");
            }
        }
        resources = LocalResources.create(template, services.dynamoDbEndpoint(), services.sqsEndpoint());
        List<EventRules.Rule> rules = EventRules.from(template, resources, why -> System.err.println("warning: " + why));
        eventBridge = LocalEventBridge.start(resources.eventBusNames().values(), rules, resources.sqs(),
                Clock.systemUTC());
        httpApi.register(LocalHttpApi.LOCAL_PREFIX + "/events", request -> {
            request.requireMethod("GET");
            return LocalEndpoint.Response.json(200, eventBridge.eventsJson());
        });

        buildConfiguration();
        for (Extension extension : options.extensions()) extension.configure(this, configuration);
        applyConfiguration();

        functions = LocalFunctions.load(template, LocalStack.class.getClassLoader());
        functions.unavailable().forEach((id, why) ->
                System.err.println("warning: function " + id + " is unavailable (" + why + "); its routes answer 500"));
        for (SamTemplate.HttpApi api : template.httpApis().values()) {
            if (api.routeSettings() && options.throttling() == null) {
                System.err.println("warning: " + api.logicalId() + " has RouteSettings; the local stack throttles"
                        + " every route with its DefaultRouteSettings only");
            }
        }
        httpApi.serve(routes, functions, authorizer,
                RouteThrottling.from(template, options.throttling(), System::nanoTime));

        for (Extension extension : options.extensions()) {
            extension.start(this);
            startedExtensions.add(extension);
        }
        httpApi.ready(true);
    }

    private LocalAuthorizer newAuthorizer() {
        return template.defaultJwtAuthorizer().map(LocalAuthorizer::forConfig)
                // a template without a JWT authorizer still gets /_local/token, for tools that send one anyway
                .orElseGet(() -> new LocalAuthorizer("http://127.0.0.1:" + options.port() + "/_local", List.of("local")));
    }

    /** The task's result, or null if it failed (the failure is rethrown by {@link #rethrowFailure}). */
    private static <T> T settle(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static void rethrowFailure(Future<?>... futures) throws Exception {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
        }
    }

    /**
     * Every function's environment variables, resolved, plus where the local services are. Handlers
     * read env vars and fall back to system properties of the same name, so one JVM can stand in for
     * Lambda's per-function environments.
     */
    private void buildConfiguration() {
        for (SamTemplate.Function function : template.functions().values()) {
            function.environment().forEach((name, value) -> {
                String resolved = resources.resolveString(value);
                if (resolved == null) return; // AWS::NoValue: the variable is not set
                String previous = configuration.put(name, resolved);
                if (previous != null && !previous.equals(resolved)) {
                    System.err.println("warning: " + name + " differs between functions; all local functions share"
                            + " one JVM and get " + resolved);
                }
            });
        }
        configuration.put("AWS_REGION", LocalResources.REGION);
        configuration.put("AWS_ACCESS_KEY_ID", "local");
        configuration.put("AWS_SECRET_ACCESS_KEY", "local");
        configuration.put("DYNAMODB_ENDPOINT", services.dynamoDbEndpoint());
        configuration.put("SQS_ENDPOINT", services.sqsEndpoint());
        configuration.put("EVENTBRIDGE_ENDPOINT", eventBridge.endpoint());
        // the SDK's own system properties, so a client built with default providers also works locally
        configuration.put("aws.region", LocalResources.REGION);
        configuration.put("aws.accessKeyId", "local");
        configuration.put("aws.secretAccessKey", "local");
    }

    private void applyConfiguration() {
        configuration.forEach((name, value) -> {
            if (!replacedProperties.containsKey(name)) replacedProperties.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
    }

    private LocalEndpoint.Response issueToken(LocalEndpoint.Request request) {
        request.requireMethod("POST");
        LocalAuthorizer authorizer = this.authorizer;
        if (authorizer == null) return LocalEndpoint.Response.message(503, "Service Unavailable");
        Map<String, Object> body = request.jsonObject();
        if (!(body.get("account") instanceof String account) || account.isBlank()) {
            throw new LocalEndpoint.BadRequestException("account is required: a non-empty string");
        }
        if (!(body.get("scopes") instanceof List<?> scopes) || !scopes.stream().allMatch(String.class::isInstance)) {
            throw new LocalEndpoint.BadRequestException("scopes is required: a list of strings");
        }
        Object subject = body.get("subject");
        if (subject != null && !(subject instanceof String)) {
            throw new LocalEndpoint.BadRequestException("subject must be a string");
        }
        List<String> scopeList = scopes.stream().map(String.class::cast).toList();
        return LocalEndpoint.Response.json(200, Map.of("token", authorizer.issue(account, scopeList, (String) subject)));
    }

    public String baseUrl() {
        return httpApi.baseUrl();
    }

    public int port() {
        return httpApi.port();
    }

    public String dynamoEndpoint() {
        return services.dynamoDbEndpoint();
    }

    public String sqsEndpoint() {
        return services.sqsEndpoint();
    }

    /** The DynamoDB and SQS this stack runs on. */
    public BackingServices services() {
        return services;
    }

    public SamTemplate template() {
        return template;
    }

    public LocalFunctions functions() {
        return functions;
    }

    public LocalAuthorizer authorizer() {
        return authorizer;
    }

    public LocalResources resources() {
        return resources;
    }

    public LocalHttpApi httpApi() {
        return httpApi;
    }

    /** The dynalite of a stack on the bundled services. */
    public Dynalite dynalite() {
        if (services instanceof BundledServices bundled) return bundled.dynalite();
        throw new IllegalStateException("this stack runs on " + services.description() + ", not dynalite");
    }

    /** The local EventBridge: its events, rules and faults. */
    public LocalEventBridge eventBridge() {
        return eventBridge;
    }

    /** The configuration the functions see (as system properties). */
    public Map<String, String> configuration() {
        return Map.copyOf(configuration);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops everything, in reverse order of start; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (httpApi != null) httpApi.ready(false);
        for (int i = startedExtensions.size() - 1; i >= 0; i--) {
            try {
                startedExtensions.get(i).close();
            } catch (Exception e) {
                System.err.println("local stack: an extension failed to close: " + e);
            }
        }
        closeQuietly(httpApi);
        closeQuietly(eventBridge); // its deliveries use the resources' SQS client
        closeQuietly(resources);
        closeQuietly(services);
        replacedProperties.forEach((name, previous) -> {
            if (previous == null) System.clearProperty(name);
            else System.setProperty(name, previous);
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) return;
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("local stack: " + closeable.getClass().getSimpleName() + " failed to close: " + e);
        }
    }

    /** The most telling message of a failure, on one line. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) t = t.getCause();
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    // --- command line -----------------------------------------------------------------------------

    private static final String USAGE = "usage: local/run [--port N] [--template PATH]"
            + " [--throttle-burst N --throttle-rate R]";

    public static void main(String[] args) {
        Options options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        LocalStack stack;
        try {
            stack = start(options);
        } catch (StartException e) {
            System.err.println("order-returns local stack failed to start: " + e.getMessage());
            if (!(e.getCause() instanceof IllegalStateException || e.getCause() instanceof IllegalArgumentException
                    || e.getCause() == null)) {
                e.getCause().printStackTrace(); // not an expected failure: the trace helps whoever reports it
            }
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: stop node and ElasticMQ before the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            System.out.println("stopped");
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.println("order-returns local stack ready on " + stack.baseUrl() + " (DynamoDB "
                + stack.dynamoEndpoint() + ", SQS " + stack.sqsEndpoint() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses {@code --port N}, {@code --template PATH} and {@code --throttle-burst N --throttle-rate R}
     * (every API route's limits instead of the template's); null for {@code --help}.
     */
    static Options parseArgs(String[] args) {
        Options options = Options.defaults();
        Integer burst = null;
        Double rate = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> {
                    if (value == null) value = next(args, ++i, "--port");
                    try {
                        int port = Integer.parseInt(value);
                        if (port < 0 || port > 65535) throw new NumberFormatException();
                        options = options.withPort(port);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a port number (0-65535), not " + value);
                    }
                }
                case "--template" -> {
                    if (value == null) value = next(args, ++i, "--template");
                    options = options.withTemplate(Path.of(value).toAbsolutePath().normalize());
                }
                case "--throttle-burst" -> {
                    if (value == null) value = next(args, ++i, "--throttle-burst");
                    try {
                        burst = Integer.parseInt(value);
                        if (burst < 0) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--throttle-burst needs a whole number >= 0, not " + value);
                    }
                }
                case "--throttle-rate" -> {
                    if (value == null) value = next(args, ++i, "--throttle-rate");
                    try {
                        rate = Double.parseDouble(value);
                        if (!(rate >= 0) || rate.isInfinite()) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--throttle-rate needs requests per second >= 0, not "
                                + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if ((burst == null) != (rate == null)) {
            throw new IllegalArgumentException("--throttle-burst and --throttle-rate go together");
        }
        return burst == null ? options : options.withThrottling(new SamTemplate.Throttling(burst, rate));
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
