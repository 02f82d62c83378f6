// Usage, from the repository root after ./mvnw -q -o -DskipTests package:
//   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.RefundClaimRace
package dev.orderreturns.bench;

import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.Outbox;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import dev.orderreturns.local.SandboxProvidersExtension;
import dev.orderreturns.local.sandbox.SandboxProviders;
import dev.orderreturns.providers.http.HttpGiftCardProvider;
import dev.orderreturns.providers.http.HttpPaymentProvider;
import dev.orderreturns.providers.http.ProviderCredentials;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@link FaultSoak} caught now and then, made to happen every time: two deliveries of one
 * refund job, where the second read the order before the first recorded its answer, and claims the
 * return after the first released it. The second then calls the provider for a part that is no
 * longer pending, and drops the paid answer it gets.
 *
 * <p>The local stack's own adapters do the work (DynamoDB store and claims on dynalite, the HTTP
 * payment client, the sandbox provider), two {@link Refunder}s stand in for two refund-processor
 * workers, and a latch fixes the interleaving that the soak met by chance: worker B reads the order
 * (refund PENDING, due), then waits; worker A processes the job: it claims the return, the provider
 * refuses (a 422, armed with {@code POST /_local/faults}), A records the part MANUAL_REFUND_REQUIRED
 * and releases its claim; then B goes on from its stale read: it claims the return, calls the
 * provider for the part (which refunds it this time), loses the write race, reads the return again,
 * finds it settled and answers NOTHING_TO_DO. The ledger then holds a refund for a part that says a
 * person must refund it by hand. Prints {@code RESULT: reproduced} (exit 1) or
 * {@code RESULT: not reproduced} (exit 0: the refunder no longer does this).
 *
 * <p>Since the refunder reads the order only once it holds the claim, B's read happens under its
 * claim, so A finds the return busy while B waits, and the window this program forces is gone: it
 * now prints {@code RESULT: not reproduced}, and the domain's RefunderTest holds the same interleaving.
 */
public final class RefundClaimRace {

    private static PrintStream OUT = System.out;

    private RefundClaimRace() {
    }

    public static void main(String[] args) throws Exception {
        OUT = BenchHttp.redirectStackLogs("refund-claim-race");
        // the sandbox providers only: no queue pollers, so only the two workers below touch the refund
        SandboxProvidersExtension sandbox = new SandboxProvidersExtension();
        LocalStack stack = LocalStack.start(new LocalStack.Options(RepoPaths.template(), 0, List.of(sandbox), false));
        boolean reproduced;
        try {
            reproduced = run(stack);
        } finally {
            stack.close();
        }
        OUT.println(reproduced ? "RESULT: reproduced" : "RESULT: not reproduced");
        System.exit(reproduced ? 1 : 0);
    }

    private static boolean run(LocalStack stack) throws Exception {
        BenchHttp http = new BenchHttp(stack.baseUrl());
        String account = "race";
        String orderId = "race-order-1";
        String token = http.token(account);
        BenchHttp.require(http.send("PUT", "/orders/" + orderId, token, BenchHttp.orderBody(RepoPaths.root(), orderId),
                Map.of()), 201, "PUT /orders/" + orderId);
        // one chargeback part: the sample return without its additional value
        Map<String, Object> body = new LinkedHashMap<>(BenchHttp.json((String) BenchHttp.event(RepoPaths.root(),
                "post-return.json").get("body")));
        body.put("additionalValue", 0);
        body.remove("referredTo");
        BenchHttp.Answer submitted = http.send("POST", "/orders/" + orderId + "/returns", token,
                BenchHttp.toJson(body), Map.of());
        BenchHttp.require(submitted, 201, "POST a return");
        String returnId = (String) submitted.json().get("returnId");
        OUT.println("return " + returnId + ": " + parts(submitted.json()));
        RefundJob job = new RefundJob(account, orderId, returnId);

        Map<String, String> config = stack.configuration();
        String table = config.get("TABLE_NAME");
        DynamoDbOrderStore store = new DynamoDbOrderStore(stack.resources().dynamoDb(), table);
        DynamoDbRefundClaims claims = new DynamoDbRefundClaims(stack.resources().dynamoDb(), table);
        ProviderCredentials credentials = new ProviderCredentials(SandboxProviders.APP_KEY, SandboxProviders.APP_TOKEN);
        HttpPaymentProvider payments = new HttpPaymentProvider(config.get("PAYMENTS_BASE_URL"), credentials,
                Duration.ofSeconds(1), Duration.ofMillis(1500));
        HttpGiftCardProvider giftCards = new HttpGiftCardProvider(config.get("GIFT_CARDS_BASE_URL"), credentials,
                Duration.ofSeconds(1), Duration.ofMillis(1500));
        RefundQueue noQueue = new RefundQueue() {
            @Override
            public void send(RefundJob j) {
            }

            @Override
            public void send(RefundJob j, Instant notBefore) {
            }
        };

        CountDownLatch bHasRead = new CountDownLatch(1);
        CountDownLatch aIsDone = new CountDownLatch(1);
        OrderStore bStore = new OrderStore() {
            private boolean first = true;

            @Override
            public Optional<Order> find(String acc, String id) {
                Optional<Order> order = store.find(acc, id);
                if (first) { // B's first read: hold on to it while A does the whole job
                    first = false;
                    bHasRead.countDown();
                    await(aIsDone);
                }
                return order;
            }

            @Override
            public void save(Order order, long expectedVersion) {
                store.save(order, expectedVersion);
            }

            @Override
            public void saveRefundProgress(Order order, long expectedVersion) {
                store.saveRefundProgress(order, expectedVersion);
            }
        };
        Duration claimFor = Duration.ofSeconds(12);
        Refunder a = new Refunder(store, payments, giftCards, noQueue, claims, Outbox.UNHEARD, Clock.systemUTC(),
                RetrySchedule.DEFAULT, claimFor);
        Refunder b = new Refunder(bStore, payments, giftCards, noQueue, claims, Outbox.UNHEARD, Clock.systemUTC(),
                RetrySchedule.DEFAULT, claimFor);

        // the provider refuses the first refund call (422), and does the next one
        BenchHttp.require(http.send("POST", "/_local/faults", null, BenchHttp.toJson(Map.of("target", "payments",
                "mode", "rejected", "count", 1)), Map.of()), 200, "POST /_local/faults");

        Refunder.Outcome[] bOutcome = new Refunder.Outcome[1];
        Thread workerB = Thread.ofPlatform().name("worker-B").start(() -> bOutcome[0] = b.process(job));
        if (!bHasRead.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("worker B never read the order");
        OUT.println("worker B read the order (refund PENDING, due) and waits");
        Refunder.Outcome aOutcome = a.process(job);
        OUT.println("worker A: " + aOutcome.result() + (aOutcome.orderReturn() == null ? ""
                : ", return " + aOutcome.orderReturn().status() + ", paid now " + aOutcome.paidNow()));
        aIsDone.countDown();
        workerB.join();
        OUT.println("worker B: " + bOutcome[0].result() + ", paid now " + bOutcome[0].paidNow());

        Map<String, Object> view = http.send("GET", "/orders/" + orderId + "/returns/" + returnId, token, null,
                Map.of()).json();
        Map<String, Object> ledger = http.send("GET", "/_local/ledger", null, null, Map.of()).json();
        OUT.println("the return now: " + view.get("status") + ", " + parts(view));
        OUT.println("the sandbox ledger: " + ledger.get("refunds"));
        boolean manual = "MANUAL_REFUND_REQUIRED".equals(view.get("status"));
        boolean refunded = !SoakChecks.list(ledger.get("refunds")).isEmpty();
        if (manual && refunded) {
            OUT.println("=> the provider refunded a part the return records as MANUAL_REFUND_REQUIRED: a person"
                    + " following it would refund the customer a second time");
        }
        return manual && refunded;
    }

    private static String parts(Map<String, Object> returnView) {
        return SoakChecks.list(SoakChecks.map(returnView.get("refund")).get("parts")).stream()
                .map(p -> p.get("partId") + " " + p.get("amount") + " " + p.get("status") + " (requestId "
                        + p.get("requestId") + ")").toList().toString();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("worker A never finished");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
