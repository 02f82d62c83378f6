package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.events.BusEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's event sources other than the HTTP API (DESIGN.md section 5): every SQS event
 * wired to its function by a {@link QueuePoller} with the template's batch size, partial-failure
 * semantics and maximum concurrency, every schedule run at its rate, and {@code /_local/reconcile}, which
 * runs the scheduled function once, now.
 */
public final class EventSourcesExtension implements LocalStack.Extension {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final int pollersPerQueue;
    private final List<QueuePoller> pollers = new ArrayList<>();
    private ScheduledExecutorService schedules;
    private String reconcilerId;

    public EventSourcesExtension() {
        this(4);
    }

    public EventSourcesExtension(int pollersPerQueue) {
        this.pollersPerQueue = pollersPerQueue;
    }

    @Override
    public void start(LocalStack stack) {
        stack.httpApi().register(LocalHttpApi.LOCAL_PREFIX + "/reconcile", request -> {
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
                // ScalingConfig.MaximumConcurrency caps the invocations at once, as Lambda's poller does
                int concurrency = event.maximumConcurrency() == null ? pollersPerQueue
                        : Math.min(pollersPerQueue, event.maximumConcurrency());
                pollers.add(new QueuePoller(stack.resources().sqs(), stack.resources().queueUrl(event.queueLogicalId()),
                        stack.resources().queueArn(event.queueLogicalId()), stack.functions(), function.logicalId(),
                        event.batchSize(), event.reportsBatchItemFailures(), concurrency));
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

    /** The EventBridge scheduled event Lambda receives: the bus's envelope, from the schedule's rule. */
    static byte[] scheduledEvent(LocalStack stack, String functionId) {
        BusEvent event = new BusEvent(UUID.randomUUID().toString(), "default", "aws.events", "Scheduled Event", Map.of(),
                Instant.now(), List.of("arn:aws:events:" + LocalResources.REGION + ":" + LocalResources.ACCOUNT_ID
                        + ":rule/" + functionId + "-schedule"));
        try {
            return JSON.std.asBytes(event.envelope(LocalResources.ACCOUNT_ID, LocalResources.REGION));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (schedules != null) schedules.shutdownNow();
        for (QueuePoller poller : pollers) poller.close();
        pollers.clear();
    }
}
