package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.sandbox.SandboxFaults;
import dev.orderreturns.local.sandbox.SandboxProviders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's second part (DESIGN.md section 5): sandbox payment and gift-card providers,
 * every SQS event of the template wired to its function with the template's batch size and
 * partial-failure semantics, every schedule run at its rate, and the local endpoints
 * {@code /_local/ledger}, {@code /_local/faults} and {@code /_local/reconcile}.
 */
public final class RefundsExtension implements LocalStack.Extension {

    /** The provider clients' read timeout locally; a "timeout" fault answers later than this. */
    static final Duration PROVIDER_READ_TIMEOUT = Duration.ofMillis(1500);
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final int pollersPerQueue;
    private SandboxProviders sandbox;
    private final List<QueuePoller> pollers = new ArrayList<>();
    private ScheduledExecutorService schedules;
    private String reconcilerId;

    public RefundsExtension() {
        this(4);
    }

    public RefundsExtension(int pollersPerQueue) {
        this.pollersPerQueue = pollersPerQueue;
    }

    public SandboxProviders sandbox() {
        return sandbox;
    }

    @Override
    public void configure(LocalStack stack, Map<String, String> configuration) {
        try {
            sandbox = new SandboxProviders(PROVIDER_READ_TIMEOUT.plusMillis(1000));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the sandbox providers", e);
        }
        configuration.put("PAYMENTS_BASE_URL", sandbox.paymentsBaseUrl());
        configuration.put("GIFT_CARDS_BASE_URL", sandbox.giftCardsBaseUrl());
        // The sandbox's dummy credentials; deployed, credentials come from SSM SecureStrings.
        configuration.put("PROVIDER_APP_KEY", SandboxProviders.APP_KEY);
        configuration.put("PROVIDER_APP_TOKEN", SandboxProviders.APP_TOKEN);
        configuration.put("PROVIDER_CONNECT_TIMEOUT_MS", "1000");
        configuration.put("PROVIDER_READ_TIMEOUT_MS", Long.toString(PROVIDER_READ_TIMEOUT.toMillis()));
    }

    @Override
    public void start(LocalStack stack) {
        LocalHttpApi api = stack.httpApi();
        api.register(LocalHttpApi.LOCAL_PREFIX + "/ledger", request -> {
            request.requireMethod("GET");
            return LocalEndpoint.Response.json(200, sandbox.ledger().toJson());
        });
        api.register(LocalHttpApi.LOCAL_PREFIX + "/faults", request -> {
            request.requireMethod("POST");
            return injectFault(request.jsonObject());
        });
        api.register(LocalHttpApi.LOCAL_PREFIX + "/reconcile", request -> {
            request.requireMethod("POST");
            if (reconcilerId == null) {
                return LocalEndpoint.Response.message(404, "the template has no scheduled function");
            }
            return LocalEndpoint.Response.json(200, JSON.std.mapFrom(
                    stack.functions().invoke(reconcilerId, scheduledEvent(stack, reconcilerId))));
        });
        schedules = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-schedules");
            t.setDaemon(true);
            return t;
        });
        for (SamTemplate.Function function : stack.template().functions().values()) {
            for (SamTemplate.SqsEvent event : function.sqsEvents()) {
                if (!event.enabled() || event.queueLogicalId() == null) continue;
                pollers.add(new QueuePoller(stack.resources().sqs(), stack.resources().queueUrl(event.queueLogicalId()),
                        stack.resources().queueArn(event.queueLogicalId()), stack.functions(), function.logicalId(),
                        event.batchSize(), event.reportsBatchItemFailures(), pollersPerQueue));
            }
            for (SamTemplate.ScheduleEvent event : function.scheduleEvents()) {
                if (!event.enabled()) continue;
                reconcilerId = function.logicalId();
                Duration every = rate(event.schedule());
                if (every == null) {
                    System.err.println("local: schedule " + event.schedule() + " of " + function.logicalId()
                            + " is not a rate(...) expression; run it with POST /_local/reconcile");
                    continue;
                }
                String id = function.logicalId();
                schedules.scheduleAtFixedRate(() -> {
                    try {
                        stack.functions().invoke(id, scheduledEvent(stack, id));
                    } catch (RuntimeException e) {
                        System.err.println("local: scheduled " + id + " failed: " + e.getMessage());
                    }
                }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private LocalEndpoint.Response injectFault(Map<String, Object> body) {
        SandboxFaults.Target target = switch (String.valueOf(body.get("target"))) {
            case "payments" -> SandboxFaults.Target.PAYMENTS;
            case "giftcards" -> SandboxFaults.Target.GIFTCARDS;
            default -> null;
        };
        SandboxFaults.Mode mode = body.get("mode") instanceof String m ? SandboxFaults.Mode.fromWire(m) : null;
        Object count = body.getOrDefault("count", 1);
        if (target == null || mode == null || !(count instanceof Integer n) || n < 1 || n > 1000) {
            return LocalEndpoint.Response.message(400, "expected {target: payments|giftcards, mode: "
                    + "error|timeout|refund-manually|not-implemented, count: 1..1000}");
        }
        sandbox.faults().inject(target, mode, n);
        Map<String, Object> answer = new LinkedHashMap<>(body);
        answer.put("count", n);
        return LocalEndpoint.Response.json(200, answer);
    }

    static Duration rate(String expression) {
        Matcher m = RATE.matcher(expression.trim());
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The EventBridge scheduled event Lambda receives. */
    static byte[] scheduledEvent(LocalStack stack, String functionId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", LocalResources.ACCOUNT_ID);
        event.put("time", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", LocalResources.REGION);
        event.put("resources", List.of("arn:aws:events:" + LocalResources.REGION + ":" + LocalResources.ACCOUNT_ID
                + ":rule/" + functionId + "-schedule"));
        event.put("detail", Map.of());
        try {
            return JSON.std.asBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (schedules != null) schedules.shutdownNow();
        for (QueuePoller poller : pollers) poller.close();
        pollers.clear();
        if (sandbox != null) sandbox.close();
    }
}
