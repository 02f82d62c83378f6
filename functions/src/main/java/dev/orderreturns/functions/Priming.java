package dev.orderreturns.functions;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.GiftCardProvider;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.PaymentProvider;
import dev.orderreturns.domain.ProviderAnswer;
import dev.orderreturns.domain.RefundClaims;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnEvent;
import dev.orderreturns.domain.ReturnEvents;
import dev.orderreturns.domain.ReturnListings;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.log.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * SnapStart priming: the runtime hooks of a function (CRaC {@link Resource}s, which the managed Java
 * runtime calls before it takes the snapshot and after every restore from it).
 *
 * <p><b>Before the snapshot</b> it runs the function's request paths on the sample events of
 * {@code events/} (packaged as {@code priming/*.json}): the handler's own reading of the Lambda
 * event, routing, body parsing and checks, the domain's rules, the DynamoDB GetItem, PutItem,
 * BatchGetItem, Query and DeleteItem, the SQS SendMessage and the EventBridge PutEvents of that
 * path built and signed by the real SDK clients, and the answer rendered as Lambda gets it. So
 * the classes they load, the clients built on first use and the code the JIT compiles at start
 * are in the snapshot, not in the first answer of each restored instance.
 *
 * <p><b>It writes nothing anywhere.</b> Every SDK request stops just before it would be sent
 * ({@link Wiring#withoutSending}; the client signs it with stand-in keys, so no credentials are
 * fetched either); the order lives in memory; the payment and gift-card providers are stand-ins
 * that answer "paid" without any call (their HTTP clients are the one path not primed); log lines
 * and metrics are not written ({@link Log#quietly}), as they would report returns nobody made.
 * The samples' account is renamed {@value #ACCOUNT}, so that were a write ever to leave, it could
 * not touch a store's data.
 *
 * <p><b>After a restore</b> it renews what must differ per instance; see {@link #afterRestore}.
 */
public final class Priming implements Resource {

    static final String ACCOUNT = "priming";
    /** The samples' return id is {@code ret-} and this; priming's desk answers it as every new id. */
    private static final String SAMPLE_ID = "00000000000000000000000000";

    /** Strong references: the CRaC context holds its resources weakly. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    /** What one function primes. */
    enum Paths {
        /** import an order, submit a return */
        COMMANDS,
        /** read an order, a return and the desk's list (after importing and submitting in memory) */
        QUERIES,
        /** pay a return's refund from one SQS message (after importing and submitting in memory) */
        REFUNDS
    }

    /**
     * What a priming did: each sample's answer ({@code "POST /orders/{orderId}/returns 201"}, ...)
     * and how many SDK requests it built and stopped before sending.
     */
    public record Primed(List<String> answers, long requestsStopped) {
    }

    private final Paths paths;
    private volatile Primed last;

    private Priming(Paths paths) {
        this.paths = paths;
    }

    /**
     * Registers a function's hooks with the runtime's CRaC context. On a runtime without SnapStart
     * they never run, unless {@code PRIME_AT_INIT=true} asks for the priming now (what a snapshot
     * would hold; the cold-start benchmark's third configuration).
     */
    static void register(Paths paths) {
        Priming priming = new Priming(paths);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        if (Wiring.primeAtInit()) {
            priming.primeOrWarn();
        }
    }

    /** The hooks last registered by a function of this class (tests and benchmarks run them directly). */
    public static Optional<Priming> registeredFor(Class<?> function) {
        Paths wanted = function == WriteApiFunction.class ? Paths.COMMANDS
                : function == ReadApiFunction.class ? Paths.QUERIES
                : function == RefundProcessorFunction.class ? Paths.REFUNDS : null;
        Priming found = null;
        for (Priming p : REGISTERED) {
            if (p.paths == wanted) {
                found = p;
            }
        }
        return Optional.ofNullable(found);
    }

    /** What the last priming did, or null before any. */
    public Primed lastPrimed() {
        return last;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeOrWarn();
    }

    /**
     * Priming only saves time: if it fails (a sample the code no longer takes, say), the snapshot
     * is still taken, or the function still starts, and one warning says why. PrimingTest fails on it.
     */
    private void primeOrWarn() {
        try {
            prime();
        } catch (RuntimeException e) {
            last = null;
            Log.warn("priming.failed", Map.of("paths", paths.name()), e);
        }
    }

    /**
     * What a restored instance must not share with the snapshot, in this code base:
     * <ul>
     * <li><b>Credentials.</b> With SnapStart, Lambda serves the role's credentials from a local
     * endpoint instead of environment variables, and that provider caches what it fetched. Priming
     * fetched none (dry runs sign with stand-in keys), but init may have (the refund processor reads
     * its provider keys from Parameter Store): whatever was found is dropped and looked up again.
     * <li><b>Random ids</b> (return and receipt ids, claim holders) come from {@code UUID.randomUUID},
     * that is {@code SecureRandom}, which reads the kernel's generator on every call and is one of
     * the generators Lambda keeps unique across restores. Nothing here seeds a {@code Random}: no
     * seed to renew.
     * <li><b>Clocks.</b> Every time is read from {@code Clock.systemUTC()} when needed; nothing
     * holds an instant or a deadline from init, and the SDK learns no clock skew from requests
     * that were never answered. Nothing to renew.
     * </ul>
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Wiring.renewCredentials();
    }

    void prime() {
        long stoppedBefore = Wiring.requestsStoppedBeforeSending();
        List<String> answers = new ArrayList<>();
        Log.quietly(() -> {
            Clock clock = Clock.systemUTC();
            InMemoryOrder store = new InMemoryOrder(Wiring.store());
            RefundQueue queue = new UnsentQueue(Wiring.queue());
            ReturnEvents events = new UnsentEvents(Wiring.events());
            ReturnDesk desk = new ReturnDesk(store, queue, events, clock, () -> SAMPLE_ID, Wiring.retrySchedule());
            WriteApiFunction commands = new WriteApiFunction(desk, () -> SAMPLE_ID, clock);
            answers.add(api(commands, "put-order.json"));
            answers.add(api(commands, "post-return.json"));
            switch (paths) {
                case COMMANDS -> {
                }
                case QUERIES -> {
                    ReadApiFunction queries = new ReadApiFunction(desk,
                            new ReturnsAcrossOrders(new UnsentListings(Wiring.listings(), store), store, clock));
                    answers.add(api(queries, "get-order.json"));
                    answers.add(api(queries, "get-return.json"));
                    answers.add(api(queries, "list-returns.json"));
                }
                case REFUNDS -> {
                    Refunder refunder = new Refunder(store, STAND_IN_PROVIDER, STAND_IN_PROVIDER, queue,
                            new UnsentClaims(Wiring.claims()), events, clock, Wiring.retrySchedule(),
                            Duration.ofMinutes(1));
                    answers.add(refunds(new RefundProcessorFunction(refunder, Duration.ZERO)));
                }
            }
        });
        last = new Primed(List.copyOf(answers), Wiring.requestsStoppedBeforeSending() - stoppedBefore);
    }

    /** One sample API event through the handler as Lambda calls it; answers "routeKey status". */
    private static String api(ApiFunction function, String sample) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handleRequest(sample(sample), out, null);
            Map<String, Object> answer = JSON.std.mapFrom(out.toByteArray());
            Map<String, Object> event = JSON.std.mapFrom(sample(sample));
            return event.get("routeKey") + " " + answer.get("statusCode");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample SQS batch (a job for the return just submitted, and a malformed one). */
    private static String refunds(RefundProcessorFunction function) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handleRequest(sample("sqs-refund-batch.json"), out, null);
            Object failures = JSON.std.mapFrom(out.toByteArray()).get("batchItemFailures");
            return "SQS batch, messages reported failed: " + (failures instanceof List<?> l ? l.size() : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event, with its account renamed {@value #ACCOUNT} (claims and job bodies). */
    private static InputStream sample(String name) throws IOException {
        try (InputStream in = Priming.class.getResourceAsStream("/priming/" + name)) {
            if (in == null) {
                throw new IOException("priming sample " + name + " is not packaged");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("acme", ACCOUNT);
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Runs a real adapter's call with its SDK requests stopped before sending; any other failure is real. */
    private static void unsent(Supplier<?> call) {
        try {
            Wiring.withoutSending(call);
        } catch (RuntimeException e) {
            if (!Wiring.stoppedBeforeSending(e)) {
                throw e;
            }
        }
    }

    private static void unsent(Runnable call) {
        unsent(() -> {
            call.run();
            return null;
        });
    }

    /**
     * The real DynamoDB store builds and signs each read and write, unsent; the order itself is
     * kept here, so the path goes on as if the table had answered.
     */
    private static final class InMemoryOrder implements OrderStore {
        private final OrderStore table;
        private Order order;

        InMemoryOrder(OrderStore table) {
            this.table = table;
        }

        @Override
        public Optional<Order> find(String account, String orderId) {
            unsent(() -> table.find(account, orderId));
            return Optional.ofNullable(order)
                    .filter(o -> o.account().equals(account) && o.orderId().equals(orderId));
        }

        @Override
        public List<Order> findAll(String account, Collection<String> orderIds) {
            unsent(() -> table.findAll(account, orderIds));
            return order != null && order.account().equals(account) && orderIds.contains(order.orderId())
                    ? List.of(order) : List.of();
        }

        @Override
        public void save(Order order, long expectedVersion) {
            unsent(() -> table.save(order, expectedVersion));
            order.storedAs(expectedVersion + 1);
            this.order = order;
        }

        @Override
        public void saveRefundProgress(Order order, long expectedVersion) {
            unsent(() -> table.saveRefundProgress(order, expectedVersion));
            order.storedAs(expectedVersion + 1);
            this.order = order;
        }
    }

    private record UnsentQueue(RefundQueue sqs) implements RefundQueue {
        @Override
        public void send(RefundJob job) {
            unsent(() -> sqs.send(job));
        }

        @Override
        public void send(RefundJob job, Instant notBefore) {
            unsent(() -> sqs.send(job, notBefore));
        }
    }

    /** The bus "takes" every event, so the path goes on to clear the outbox, as after a real publish. */
    private record UnsentEvents(ReturnEvents bus) implements ReturnEvents {
        @Override
        public Set<String> publish(Order order, List<ReturnEvent> events) {
            unsent(() -> bus.publish(order, events));
            Set<String> taken = new HashSet<>();
            events.forEach(e -> taken.add(e.eventId()));
            return taken;
        }
    }

    private record UnsentClaims(RefundClaims table) implements RefundClaims {
        @Override
        public boolean claim(RefundJob job, String claimant, Instant now, Instant until) {
            unsent(() -> table.claim(job, claimant, now, until));
            return true;
        }

        @Override
        public void release(RefundJob job, String claimant) {
            unsent(() -> table.release(job, claimant));
        }
    }

    /** The index Query is built, unsent; the listing answers the in-memory order's returns. */
    private record UnsentListings(ReturnListings indexes, InMemoryOrder store) implements ReturnListings {
        @Override
        public Page list(String account, Filter filter, String cursor, int limit, Instant now) {
            unsent(() -> indexes.list(account, filter, cursor, limit, now));
            List<Listed> listed = new ArrayList<>();
            Order order = store.order;
            if (order != null && order.account().equals(account)) {
                for (OrderReturn r : order.returns().all()) {
                    listed.add(new Listed(order.orderId(), r.returnId()));
                }
            }
            return new Page(listed, null);
        }
    }

    /** Stands in for both providers: answers "paid" and calls nobody. */
    private static final StandInProvider STAND_IN_PROVIDER = new StandInProvider();

    private static final class StandInProvider implements PaymentProvider, GiftCardProvider {
        @Override
        public ProviderAnswer refund(Chargeback chargeback) {
            return ProviderAnswer.paid("priming-" + chargeback.requestId());
        }

        @Override
        public ProviderAnswer createCard(NewCard card) {
            return ProviderAnswer.paid("priming-card");
        }

        @Override
        public ProviderAnswer credit(GiftCardCredit credit) {
            return ProviderAnswer.paid("priming-" + credit.requestId());
        }
    }
}
