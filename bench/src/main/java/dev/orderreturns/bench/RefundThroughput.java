// Usage, from the repository root after ./mvnw -q -o -DskipTests package: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.RefundThroughput [count=500] [concurrency=16]
package dev.orderreturns.bench;

import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Returns submitted and refunded end to end through the local stack: HTTP API (JWT authorizer,
 * write function), DynamoDB on dynalite, the SQS refund queue on ElasticMQ, the refund processor
 * with the template's batch size, and the sandbox payment and gift-card providers.
 *
 * <p>Imports {@code count} copies of the sample order (one return each, so returns never contend
 * for one order), submits {@code count} returns from {@code concurrency} virtual threads and times
 * each, then waits until every return is {@code REFUNDED} and checks the sandbox ledger: one refund
 * per chargeback part and one credit per gift-card part, each once, each for the planned amount.
 * The additional value cycles through 1200 (split: 600 chargeback + 600 gift card), 2000 (the whole
 * shipping: all chargeback), 0, and 1201 (odd cent to the chargeback: 601 + 600).
 */
public final class RefundThroughput {

    /** The console: System.out carries the in-process functions' logs, which go to a file. */
    private static java.io.PrintStream OUT = System.out;

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 100;
    private static final int[] ADDITIONAL_VALUES = {1200, 2000, 0, 1201};
    /** The sample order: shipping total, the returned lines' value (1 x 4500 + 2 x 900), the payment. */
    private static final int SHIPPING = 2000;
    private static final int ITEMS_VALUE = 4500 + 2 * 900;
    private static final String PAYMENT_ID = "D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";

    private RefundThroughput() {
    }

    /** One submitted return and what it should be refunded (R6). */
    record Planned(int index, String orderId, int additional, long expectedChargeback, long expectedGiftCard) {
    }

    record Submitted(Planned planned, String returnId, Map<String, String> partRequestIds, double latencyMs) {
    }

    public static void main(String[] args) throws Exception {
        OUT = BenchHttp.redirectStackLogs("refund-throughput");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path root = RepoPaths.root();
        OUT.println("refund throughput: " + count + " returns from " + concurrency + " virtual threads, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.runtime.version"));
        OUT.println("machine before: " + BenchHttp.machineLoad());
        long startNanos = System.nanoTime();
        // What is measured is the stack, not the API's throttling: its polling bursts past the template's limits.
        LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false)
                .withThrottling(LocalStack.TEST_THROTTLING));
        boolean ok = false;
        try {
            OUT.println("local stack up in " + BenchHttp.ms((System.nanoTime() - startNanos) / 1e6) + " ms on "
                    + stack.baseUrl());
            ok = run(stack, root, count, concurrency);
        } finally {
            stack.close();
        }
        OUT.println("machine after: " + BenchHttp.machineLoad());
        OUT.println(ok ? "RESULT: ok" : "RESULT: FAILED");
        if (!ok) System.exit(1);
    }

    private static boolean run(LocalStack stack, Path root, int count, int concurrency) throws Exception {
        BenchHttp http = new BenchHttp(stack.baseUrl());
        String account = "tp-" + UUID.randomUUID().toString().substring(0, 8);
        String token = http.token(account);

        List<Planned> plans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int additional = ADDITIONAL_VALUES[i % ADDITIONAL_VALUES.length];
            long giftCard = additional == SHIPPING ? 0 : additional / 2;
            long chargeback = ITEMS_VALUE + additional - giftCard;
            plans.add(new Planned(i, account + "-order-" + i, additional, chargeback, giftCard));
        }

        ProcessHandle self = ProcessHandle.current();
        ProcessHandle dynalite = stack.dynalite().processHandle();
        // 1. import the orders (not the measured phase, but timed)
        long[] cpu0 = {cpuMs(self), cpuMs(dynalite)};
        long importStart = System.nanoTime();
        ConcurrentLinkedQueue<String> importErrors = new ConcurrentLinkedQueue<>();
        BenchHttp.inParallel(count, concurrency, i -> {
            String orderId = plans.get(i).orderId();
            BenchHttp.Answer a = http.send("PUT", "/orders/" + orderId, token, BenchHttp.orderBody(root, orderId), Map.of());
            if (a.status() != 201) importErrors.add(orderId + ": " + a.status() + " " + a.body());
        });
        double importSeconds = (System.nanoTime() - importStart) / 1e9;
        long[] cpu1 = {cpuMs(self), cpuMs(dynalite)};
        OUT.println(String.format(Locale.ROOT, "imported %d orders in %.2f s (%.1f orders/s); CPU used: stack JVM %.1f s,"
                        + " dynalite %.1f s", count, importSeconds, count / importSeconds, (cpu1[0] - cpu0[0]) / 1000.0,
                (cpu1[1] - cpu0[1]) / 1000.0));
        if (!importErrors.isEmpty()) {
            OUT.println("import failed for " + importErrors.size() + " orders, e.g. " + importErrors.peek());
            return false;
        }

        // 2. submit the returns: the measured phase
        Map<String, Object> sampleBody = BenchHttp.json((String) BenchHttp.event(root, "post-return.json").get("body"));
        Submitted[] submitted = new Submitted[count];
        ConcurrentLinkedQueue<String> submitErrors = new ConcurrentLinkedQueue<>();
        long[] cpu2 = {cpuMs(self), cpuMs(dynalite)};
        Instant firstSubmitAt = Instant.now();
        long submitStart = System.nanoTime();
        BenchHttp.inParallel(count, concurrency, i -> {
            Planned p = plans.get(i);
            Map<String, Object> body = new LinkedHashMap<>(sampleBody);
            body.put("additionalValue", p.additional());
            body.put("entranceInvoiceNumber", "RET-" + i);
            if (p.additional() == 0) body.remove("referredTo");
            long t0 = System.nanoTime();
            BenchHttp.Answer a = http.send("POST", "/orders/" + p.orderId() + "/returns", token, BenchHttp.toJson(body),
                    Map.of("idempotency-key", UUID.randomUUID().toString()));
            double latency = (System.nanoTime() - t0) / 1e6;
            if (a.status() != 201) {
                submitErrors.add(p.orderId() + ": " + a.status() + " " + a.body());
                return;
            }
            String problem = checkPlan(p, a.json());
            if (problem != null) {
                submitErrors.add(p.orderId() + ": " + problem);
                return;
            }
            submitted[i] = new Submitted(p, (String) a.json().get("returnId"), partRequestIds(a.json()), latency);
        });
        double submitSeconds = (System.nanoTime() - submitStart) / 1e9;
        String loadAfterSubmit = BenchHttp.machineLoad();
        long[] cpu3 = {cpuMs(self), cpuMs(dynalite)};
        if (!submitErrors.isEmpty()) {
            OUT.println("submit failed for " + submitErrors.size() + " returns, e.g. " + submitErrors.peek());
            return false;
        }
        double[] latencies = Arrays.stream(submitted).mapToDouble(Submitted::latencyMs).sorted().toArray();
        OUT.println();
        OUT.println("submit phase (" + count + " x POST /orders/{id}/returns, " + concurrency + " concurrent clients):");
        OUT.println(String.format(Locale.ROOT, "  wall time %.2f s -> %.1f returns submitted/s", submitSeconds,
                count / submitSeconds));
        OUT.println("  latency ms: p50 " + BenchHttp.ms(BenchHttp.percentile(latencies, 50))
                + "  p95 " + BenchHttp.ms(BenchHttp.percentile(latencies, 95))
                + "  p99 " + BenchHttp.ms(BenchHttp.percentile(latencies, 99))
                + "  min " + BenchHttp.ms(latencies[0]) + "  max " + BenchHttp.ms(latencies[latencies.length - 1])
                + "  mean " + BenchHttp.ms(Arrays.stream(latencies).average().orElse(Double.NaN)));
        OUT.println(String.format(Locale.ROOT, "  CPU used in the phase: stack JVM (API, functions, ElasticMQ, this client)"
                + " %.1f s, dynalite %.1f s, of %.1f s wall x 2 CPUs", (cpu3[0] - cpu2[0]) / 1000.0,
                (cpu3[1] - cpu2[1]) / 1000.0, submitSeconds));
        OUT.println("  machine at the end of the submit phase: " + loadAfterSubmit);

        // 3. wait for the ledger to hold every planned refund and credit, then for every return to say REFUNDED
        Map<String, Long> expectedRefunds = new HashMap<>();   // requestId -> cents
        Map<String, Long> expectedCredits = new HashMap<>();
        for (Submitted s : submitted) {
            expectedRefunds.put(s.partRequestIds().get("chargeback"), s.planned().expectedChargeback());
            if (s.planned().expectedGiftCard() > 0) {
                expectedCredits.put(s.partRequestIds().get("giftCard"), s.planned().expectedGiftCard());
            }
        }
        Instant deadline = firstSubmitAt.plus(GIVE_UP_AFTER);
        Map<String, Object> ledger;
        Instant ledgerCompleteAt;
        while (true) {
            ledger = http.send("GET", "/_local/ledger", null, null, Map.of()).json();
            int refunds = ((List<?>) ledger.get("refunds")).size();
            int credits = ((List<?>) ledger.get("giftCardCredits")).size();
            if (refunds >= expectedRefunds.size() && credits >= expectedCredits.size()) {
                ledgerCompleteAt = Instant.now();
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                OUT.println("GAVE UP after " + GIVE_UP_AFTER.toMinutes() + " min: the ledger has " + refunds + "/"
                        + expectedRefunds.size() + " refunds and " + credits + "/" + expectedCredits.size() + " credits");
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        Map<String, Instant> refundedAt = new HashMap<>();   // returnId -> REFUNDED time from its history
        Map<String, Instant> createdAt = new HashMap<>();
        Map<String, String> lastStatus = new HashMap<>();
        Set<Integer> pending = new HashSet<>();
        for (int i = 0; i < count; i++) pending.add(i);
        Instant allRefundedSeenAt;
        while (true) {
            List<Integer> now = new ArrayList<>(pending);
            ConcurrentLinkedQueue<Object[]> seen = new ConcurrentLinkedQueue<>();
            BenchHttp.inParallel(now.size(), concurrency, k -> {
                Submitted s = submitted[now.get(k)];
                BenchHttp.Answer a = http.send("GET", "/orders/" + s.planned().orderId() + "/returns/" + s.returnId(),
                        token, null, Map.of());
                if (a.status() == 200) seen.add(new Object[] {now.get(k), a.json()});
            });
            for (Object[] entry : seen) {
                int i = (Integer) entry[0];
                @SuppressWarnings("unchecked")
                Map<String, Object> view = (Map<String, Object>) entry[1];
                String status = (String) view.get("status");
                lastStatus.put(submitted[i].returnId(), status);
                if ("REFUNDED".equals(status)) {
                    pending.remove(i);
                    refundedAt.put(submitted[i].returnId(), refundedTime(view));
                    createdAt.put(submitted[i].returnId(), Instant.parse((String) view.get("createdAt")));
                }
            }
            if (pending.isEmpty()) {
                allRefundedSeenAt = Instant.now();
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                Map<String, Integer> byStatus = new java.util.TreeMap<>();
                for (int i : pending) byStatus.merge(String.valueOf(lastStatus.get(submitted[i].returnId())), 1, Integer::sum);
                OUT.println("GAVE UP after " + GIVE_UP_AFTER.toMinutes() + " min: " + pending.size()
                        + " returns are not REFUNDED: " + byStatus);
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long[] cpu4 = {cpuMs(self), cpuMs(dynalite)};
        double refundWallSeconds = Duration.between(firstSubmitAt, allRefundedSeenAt).toNanos() / 1e9;
        Instant lastRefunded = refundedAt.values().stream().max(Instant::compareTo).orElseThrow();
        double toAllRefunded = Duration.between(firstSubmitAt, lastRefunded).toNanos() / 1e6;
        double[] lags = new double[count];
        for (int i = 0; i < count; i++) {
            String returnId = submitted[i].returnId();
            lags[i] = Duration.between(createdAt.get(returnId), refundedAt.get(returnId)).toNanos() / 1e6;
        }
        Arrays.sort(lags);
        OUT.println();
        OUT.println("refund phase (SQS -> refund processor -> sandbox providers):");
        OUT.println(String.format(Locale.ROOT, "  first submit -> last return REFUNDED (its history time): %.2f s"
                + " -> %.1f refunds/s end to end", toAllRefunded / 1000, count / (toAllRefunded / 1000)));
        OUT.println(String.format(Locale.ROOT, "  first submit -> ledger complete (observed, %d ms polls): %.2f s;"
                        + " -> all %d seen REFUNDED over GET: %.2f s", POLL_MILLIS,
                Duration.between(firstSubmitAt, ledgerCompleteAt).toNanos() / 1e9, count,
                Duration.between(firstSubmitAt, allRefundedSeenAt).toNanos() / 1e9));
        OUT.println(String.format(Locale.ROOT, "  CPU used from first submit to all seen REFUNDED: stack JVM %.1f s, dynalite"
                + " %.1f s, of %.1f s wall x 2 CPUs (includes this program's polling)", (cpu4[0] - cpu2[0]) / 1000.0,
                (cpu4[1] - cpu2[1]) / 1000.0, refundWallSeconds));
        OUT.println("  per return, createdAt -> REFUNDED ms: p50 " + BenchHttp.ms(BenchHttp.percentile(lags, 50))
                + "  p95 " + BenchHttp.ms(BenchHttp.percentile(lags, 95))
                + "  p99 " + BenchHttp.ms(BenchHttp.percentile(lags, 99))
                + "  max " + BenchHttp.ms(lags[lags.length - 1]));

        // 4. the ledger: every planned refund and credit exactly once, for the planned amount, nothing else
        ledger = http.send("GET", "/_local/ledger", null, null, Map.of()).json();
        List<String> problems = new ArrayList<>();
        long refundedCents = checkLedger("refund", ledger.get("refunds"), expectedRefunds, problems, true);
        long creditedCents = checkLedger("gift-card credit", ledger.get("giftCardCredits"), expectedCredits, problems, false);
        long plannedCents = expectedRefunds.values().stream().mapToLong(Long::longValue).sum()
                + expectedCredits.values().stream().mapToLong(Long::longValue).sum();
        OUT.println();
        OUT.println("ledger: " + ((List<?>) ledger.get("refunds")).size() + " refunds (expected "
                + expectedRefunds.size() + "), " + ((List<?>) ledger.get("giftCardCredits")).size()
                + " gift-card credits (expected " + expectedCredits.size() + "); refunded "
                + BigDecimal.valueOf(refundedCents, 2) + " + credited " + BigDecimal.valueOf(creditedCents, 2)
                + " = " + BigDecimal.valueOf(refundedCents + creditedCents, 2) + " USD, planned "
                + BigDecimal.valueOf(plannedCents, 2));
        if (problems.isEmpty()) {
            OUT.println("ledger check: ok (each requestId once, each amount equal to its return's plan)");
            return true;
        }
        OUT.println("ledger check: " + problems.size() + " problems, e.g.:");
        problems.stream().limit(10).forEach(p -> OUT.println("  " + p));
        return false;
    }

    private static long cpuMs(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** The 201 answer's plan must be what R6 says for this return. */
    @SuppressWarnings("unchecked")
    private static String checkPlan(Planned p, Map<String, Object> view) {
        Map<String, Object> refund = (Map<String, Object>) view.get("refund");
        long chargeback = ((Number) refund.get("chargeback")).longValue();
        long giftCard = ((Number) refund.get("giftCard")).longValue();
        if (chargeback != p.expectedChargeback() || giftCard != p.expectedGiftCard()) {
            return "plan " + chargeback + " + " + giftCard + ", expected " + p.expectedChargeback() + " + "
                    + p.expectedGiftCard();
        }
        for (Object part : (List<Object>) refund.get("parts")) {
            Map<String, Object> m = (Map<String, Object>) part;
            long amount = ((Number) m.get("amount")).longValue();
            long expected = "chargeback".equals(m.get("kind")) ? chargeback : giftCard;
            if (amount != expected) return "part " + m.get("kind") + " of " + amount + ", expected " + expected;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> partRequestIds(Map<String, Object> view) {
        Map<String, String> ids = new HashMap<>();
        for (Object part : (List<Object>) ((Map<String, Object>) view.get("refund")).get("parts")) {
            Map<String, Object> m = (Map<String, Object>) part;
            ids.put((String) m.get("kind"), (String) m.get("requestId"));
        }
        return ids;
    }

    /** When the return became REFUNDED, from its history (R9). */
    @SuppressWarnings("unchecked")
    private static Instant refundedTime(Map<String, Object> view) {
        Instant at = null;
        for (Object entry : (List<Object>) view.get("history")) {
            Map<String, Object> h = (Map<String, Object>) entry;
            if ("REFUNDED".equals(h.get("status"))) at = Instant.parse((String) h.get("at"));
        }
        if (at == null) throw new IllegalStateException("REFUNDED without a REFUNDED history entry: " + view);
        return at;
    }

    /** Checks ledger entries against the plan; returns the cents executed. */
    @SuppressWarnings("unchecked")
    private static long checkLedger(String what, Object entries, Map<String, Long> expected, List<String> problems,
                                    boolean refunds) {
        Map<String, Integer> times = new HashMap<>();
        long cents = 0;
        for (Object e : (List<Object>) entries) {
            Map<String, Object> m = (Map<String, Object>) e;
            String requestId = (String) m.get("requestId");
            BigDecimal value = new BigDecimal(m.get("value").toString());
            long valueCents = value.movePointRight(2).longValueExact();
            cents += valueCents;
            times.merge(requestId, 1, Integer::sum);
            Long planned = expected.get(requestId);
            if (planned == null) {
                problems.add(what + " " + requestId + " of " + value + " is not a planned part");
            } else if (planned != valueCents) {
                problems.add(what + " " + requestId + " of " + value + ", planned " + BigDecimal.valueOf(planned, 2));
            }
            if (refunds && !PAYMENT_ID.equals(m.get("paymentId"))) {
                problems.add(what + " " + requestId + " went to payment " + m.get("paymentId"));
            }
        }
        times.forEach((id, n) -> {
            if (n > 1) problems.add(what + " " + id + " executed " + n + " times");
        });
        for (String id : expected.keySet()) {
            if (!times.containsKey(id)) problems.add(what + " " + id + " is missing from the ledger");
        }
        return cents;
    }

}
