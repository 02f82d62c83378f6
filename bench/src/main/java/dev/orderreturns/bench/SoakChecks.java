// Helper for FaultSoak (not run by itself): what must hold at the end of the soak, checked from the API's views and the sandbox ledger.
package dev.orderreturns.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The soak's end checks, each a list of problems (empty: it holds) and the figures it found. They
 * read only what a user can see: the orders through {@code GET /orders/{orderId}} (returns in the
 * order they were recorded, with parts and history), the sandbox ledger through
 * {@code GET /_local/ledger}, and the dead-letter queue. What the soak itself planned (items, sale
 * invoices, payments, shipping) is the ground truth for units and payments.
 */
final class SoakChecks {

    /** One check: a name, its figures, and what went wrong (capped lists, full counts). */
    static final class Check {
        final String name;
        final Map<String, Object> figures = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        int problemCount;

        Check(String name) {
            this.name = name;
        }

        void problem(String text) {
            problemCount++;
            if (problems.size() < 15) problems.add(text);
        }

        boolean ok() {
            return problemCount == 0;
        }

        void print(PrintStream out) {
            out.println((ok() ? "  [ok]     " : "  [FAILED] ") + name);
            figures.forEach((k, v) -> out.println("             " + k + ": " + v));
            if (!ok()) {
                out.println("             " + problemCount + " problem(s)" + (problemCount > problems.size()
                        ? ", the first " + problems.size() : "") + ":");
                problems.forEach(p -> out.println("               - " + p));
            }
        }
    }

    /** What the soak submitted: a return it got a 201 for. {@code race} is null for a planned return. */
    record Accepted(SoakOrders.PlannedOrder order, String returnId, SoakOrders.PlannedReturn planned,
                    SoakOrders.Race race) {
    }

    private final List<SoakOrders.PlannedOrder> orders;
    private final Map<String, Map<String, Object>> views;          // orderId -> GET /orders/{orderId}
    private final Map<String, Accepted> accepted;                   // returnId -> what the soak was answered
    private final Map<String, Object> ledger;

    /** Every part of every return, with its return and order. */
    private record PartAt(SoakOrders.PlannedOrder order, Map<String, Object> ret, Map<String, Object> part) {
        String status() {
            return (String) part.get("status");
        }

        String requestId() {
            return (String) part.get("requestId");
        }

        long amount() {
            return num(part.get("amount"));
        }

        boolean giftCard() {
            return "giftCard".equals(part.get("kind"));
        }
    }

    private final List<PartAt> parts = new ArrayList<>();

    /** MANUAL parts, and those whose cause (the provider's answer) no history entry names: a finding. */
    private int manualParts, manualWithoutCause;
    private String manualWithoutCauseExample;

    SoakChecks(List<SoakOrders.PlannedOrder> orders, Map<String, Map<String, Object>> views,
               Map<String, Accepted> accepted, Map<String, Object> ledger) {
        this.orders = orders;
        this.views = views;
        this.accepted = accepted;
        this.ledger = ledger;
        for (SoakOrders.PlannedOrder order : orders) {
            Map<String, Object> view = views.get(order.orderId());
            if (view == null) continue;
            for (Map<String, Object> ret : list(view.get("returns"))) {
                for (Map<String, Object> part : list(map(ret.get("refund")).get("parts"))) {
                    parts.add(new PartAt(order, ret, part));
                }
            }
        }
    }

    // ---- 7. every change told (issue 9's outbox, under the same faults) ----------------------------

    /**
     * From {@code GET /_local/events}: each return the soak was answered 201 for was told as
     * recorded and as settled the way it ended, at least once, and every repeat of a change carries
     * the same eventId and the same status; no event names a return that does not exist.
     */
    Check events(List<Map<String, Object>> busEvents) {
        Check c = new Check("7. every return's changes told on the bus, at least once, repeats under one eventId");
        Map<String, String> finalKind = Map.of("REFUNDED", "RefundCompleted", "MANUAL_REFUND_REQUIRED",
                "ManualRefundRequired", "FAILED", "RefundFailed");
        Map<String, Set<String>> kindsByReturn = new java.util.HashMap<>();
        Map<String, String> statusByEventId = new java.util.HashMap<>();
        long repeats = 0;
        for (Map<String, Object> event : busEvents) {
            Object raw = event.get("detail");
            Map<String, Object> detail;
            try {
                detail = raw instanceof String text ? com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(text) : map(raw);
            } catch (java.io.IOException e) {
                c.problem("an event's detail is not JSON: " + raw);
                continue;
            }
            String returnId = (String) detail.get("returnId");
            String eventId = (String) detail.get("eventId");
            String status = (String) detail.get("status");
            if (!accepted.containsKey(returnId)) {
                c.problem("event " + eventId + " (" + event.get("detailType") + ") names return " + returnId
                        + ", which the soak was never answered 201 for");
            }
            String before = statusByEventId.putIfAbsent(eventId, event.get("detailType") + " " + status);
            if (before != null) {
                repeats++;
                if (!before.equals(event.get("detailType") + " " + status)) {
                    c.problem("event " + eventId + " told as " + before + " and as " + event.get("detailType") + " "
                            + status);
                }
            }
            kindsByReturn.computeIfAbsent(returnId, k -> new java.util.TreeSet<>()).add((String) event.get("detailType"));
        }
        int told = 0;
        for (Map<String, Object> view : views.values()) {
            for (Map<String, Object> ret : list(view.get("returns"))) {
                String returnId = (String) ret.get("returnId");
                Set<String> kinds = kindsByReturn.getOrDefault(returnId, Set.of());
                String expected = finalKind.get((String) ret.get("status"));
                if (!kinds.contains("ReturnRecorded") || expected == null || !kinds.contains(expected)) {
                    c.problem("return " + returnId + " is " + ret.get("status") + " but the bus was told only " + kinds);
                } else {
                    told++;
                }
            }
        }
        c.figures.put("events on the bus", busEvents.size() + " (" + statusByEventId.size() + " distinct eventIds, "
                + repeats + " repeats)");
        c.figures.put("returns told as recorded and as they ended", told + " of " + accepted.size());
        return c;
    }

    // ---- 1. every return settled, with a reason ----------------------------------------------------

    Check statuses() {
        Check c = new Check("1. every return REFUNDED, MANUAL_REFUND_REQUIRED or FAILED with a reason");
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> manualCauses = new TreeMap<>();
        Set<String> seen = new java.util.HashSet<>();
        List<Double> settleSeconds = new ArrayList<>();
        long attempts = 0;
        int maxAttempts = 0;
        for (SoakOrders.PlannedOrder order : orders) {
            Map<String, Object> view = views.get(order.orderId());
            if (view == null) {
                c.problem("order " + order.orderId() + " could not be read");
                continue;
            }
            for (Map<String, Object> ret : list(view.get("returns"))) {
                String returnId = (String) ret.get("returnId");
                String status = (String) ret.get("status");
                byStatus.merge(status, 1, Integer::sum);
                seen.add(returnId);
                if (!accepted.containsKey(returnId)) {
                    c.problem("return " + returnId + " (" + ret.get("entranceInvoiceNumber") + ") of " + order.orderId()
                            + " is not one the soak was answered 201 for: a submit recorded twice?");
                }
                int n = (int) num(ret.get("attempts"));
                attempts += n;
                maxAttempts = Math.max(maxAttempts, n);
                List<Map<String, Object>> history = list(ret.get("history"));
                Map<String, Object> last = history.isEmpty() ? null : history.getLast();
                List<String> partStatuses = list(map(ret.get("refund")).get("parts")).stream()
                        .map(p -> (String) p.get("status")).toList();
                switch (status) {
                    case "REFUNDED", "MANUAL_REFUND_REQUIRED", "FAILED" -> {
                        if (last == null || !status.equals(last.get("status")) || blank(last.get("note"))) {
                            c.problem(describe(order, ret) + " is " + status + " without a history entry saying why");
                        } else {
                            settleSeconds.add(Duration.between(Instant.parse((String) ret.get("createdAt")),
                                    Instant.parse((String) last.get("at"))).toMillis() / 1000.0);
                        }
                        boolean consistent = switch (status) {
                            case "REFUNDED" -> partStatuses.stream().allMatch("REFUNDED"::equals);
                            case "MANUAL_REFUND_REQUIRED" -> !partStatuses.contains("PENDING")
                                    && partStatuses.contains("MANUAL_REFUND_REQUIRED");
                            default -> partStatuses.contains("PENDING");
                        };
                        if (!consistent) c.problem(describe(order, ret) + " is " + status + " with parts " + partStatuses);
                        if (status.equals("MANUAL_REFUND_REQUIRED") && last != null) {
                            String note = (String) last.get("note");
                            classifyManual(note, manualCauses);
                            for (Map<String, Object> part : list(map(ret.get("refund")).get("parts"))) {
                                if (!"MANUAL_REFUND_REQUIRED".equals(part.get("status"))) continue;
                                manualParts++;
                                if (!note.contains(part.get("partId") + ":")) {
                                    manualWithoutCause++;
                                    if (manualWithoutCauseExample == null) {
                                        manualWithoutCauseExample = describe(order, ret) + ", part " + part.get("partId")
                                                + ": history " + history.stream().map(h -> h.get("status") + " '"
                                                + h.get("note") + "'").toList();
                                    }
                                }
                            }
                        }
                    }
                    default -> c.problem(describe(order, ret) + " is still " + status + " (attempts " + n
                            + ", last history: " + (last == null ? "none" : last.get("at") + " "
                            + last.get("status") + " " + last.get("note")) + ")");
                }
            }
        }
        for (Accepted a : accepted.values()) {
            if (!seen.contains(a.returnId())) {
                c.problem("return " + a.returnId() + " of " + a.order().orderId() + " was answered 201 but is not on"
                        + " its order: lost");
            }
        }
        c.figures.put("returns on the orders", seen.size() + " (answered 201: " + accepted.size() + ")");
        c.figures.put("by status", byStatus);
        c.figures.put("MANUAL_REFUND_REQUIRED parts by cause (from the history)", manualCauses);
        c.figures.put("MANUAL_REFUND_REQUIRED parts whose cause no history entry names", manualWithoutCause + " of "
                + manualParts + (manualWithoutCauseExample == null ? "" : "; e.g. " + manualWithoutCauseExample));
        c.figures.put("failed provider attempts recorded", attempts + " (most on one return: " + maxAttempts + ")");
        double[] sorted = settleSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length > 0) {
            c.figures.put("createdAt -> settled, s", "p50 " + fmt(BenchHttp.percentile(sorted, 50)) + ", p95 "
                    + fmt(BenchHttp.percentile(sorted, 95)) + ", max " + fmt(sorted[sorted.length - 1]));
        }
        return c;
    }

    private static void classifyManual(String note, Map<String, Integer> causes) {
        int start = note.indexOf("refund by hand.");
        String rest = start < 0 ? note : note.substring(start + "refund by hand.".length());
        for (String segment : rest.split(";")) {
            String s = segment.strip();
            if (s.isEmpty() || s.startsWith("(")) continue;
            String cause;
            if (s.contains("refund-manually")) cause = "provider answered refund-manually";
            else if (s.contains("(501)")) cause = "provider answered 501";
            else if (s.contains("refused to")) cause = "provider refused (4xx)";
            else if (s.contains("no payment of the order has room")) cause = "no payment with room (order short paid)";
            else cause = "other: " + s;
            causes.merge((s.startsWith("giftCard") ? "giftCard: " : "chargeback: ") + cause, 1, Integer::sum);
        }
    }

    // ---- 2. the ledger equals the refund plans to the cent -----------------------------------------

    Check ledgerEqualsPlans() {
        Check c = new Check("2. the ledger equals the sum of the refund plans to the cent");
        Map<String, Map<String, Object>> refunds = new HashMap<>();
        long ledgerRefunds = 0;
        for (Map<String, Object> r : list(ledger.get("refunds"))) {
            if (refunds.put((String) r.get("requestId"), r) != null) {
                c.problem("the ledger lists refund " + r.get("requestId") + " twice");
            }
            ledgerRefunds += cents(r.get("value"));
        }
        Map<String, List<Map<String, Object>>> credits = new HashMap<>();
        long ledgerCredits = 0;
        for (Map<String, Object> cr : list(ledger.get("giftCardCredits"))) {
            credits.computeIfAbsent((String) cr.get("requestId"), k -> new ArrayList<>()).add(cr);
            ledgerCredits += cents(cr.get("value"));
        }
        long refundedChargebacks = 0, refundedGiftCards = 0, manualCents = 0, openCents = 0, planned = 0;
        List<String> paidButNotRefunded = new ArrayList<>();
        Set<String> partRequestIds = new java.util.HashSet<>();
        for (PartAt p : parts) {
            partRequestIds.add(p.requestId());
            planned += p.amount();
            boolean refunded = "REFUNDED".equals(p.status());
            if (!refunded) {
                if ("MANUAL_REFUND_REQUIRED".equals(p.status())) manualCents += p.amount();
                else openCents += p.amount();
            }
            if (p.giftCard()) {
                List<Map<String, Object>> found = credits.getOrDefault(p.requestId(), List.of());
                if (refunded) {
                    refundedGiftCards += p.amount();
                    if (found.isEmpty()) {
                        c.problem(describe(p) + " is REFUNDED but the ledger has no credit " + p.requestId());
                    }
                    for (Map<String, Object> cr : found) {
                        if (cents(cr.get("value")) != p.amount()) {
                            c.problem("credit " + p.requestId() + " of " + cr.get("value") + ", planned "
                                    + BigDecimal.valueOf(p.amount(), 2));
                        }
                        if (!cr.get("cardId").equals(p.part().get("giftCardId"))) {
                            c.problem("credit " + p.requestId() + " went to card " + cr.get("cardId")
                                    + ", the part records card " + p.part().get("giftCardId"));
                        }
                    }
                } else if (!found.isEmpty()) {
                    paidButNotRefunded.add(describe(p) + " is " + p.status() + " but card " + found.getFirst().get("cardId")
                            + " was credited " + found.getFirst().get("value") + "; the return: " + evidence(p.ret()));
                }
            } else {
                Map<String, Object> r = refunds.get(p.requestId());
                if (refunded) {
                    refundedChargebacks += p.amount();
                    if (r == null) {
                        c.problem(describe(p) + " is REFUNDED but the ledger has no refund " + p.requestId());
                    } else {
                        if (cents(r.get("value")) != p.amount()) {
                            c.problem("refund " + p.requestId() + " of " + r.get("value") + ", planned "
                                    + BigDecimal.valueOf(p.amount(), 2));
                        }
                        if (!String.valueOf(r.get("paymentId")).equals(p.part().get("paymentId"))) {
                            c.problem("refund " + p.requestId() + " went to payment " + r.get("paymentId")
                                    + ", the part says " + p.part().get("paymentId"));
                        }
                        if (!String.valueOf(r.get("refundId")).equals(p.part().get("providerReference"))) {
                            c.problem("refund " + p.requestId() + " is " + r.get("refundId")
                                    + " at the provider, the part records " + p.part().get("providerReference"));
                        }
                    }
                } else if (r != null) {
                    paidButNotRefunded.add(describe(p) + " is " + p.status() + " but the provider refunded "
                            + r.get("value") + " as " + r.get("refundId") + "; the return: " + evidence(p.ret()));
                }
            }
        }
        for (String requestId : refunds.keySet()) {
            if (!partRequestIds.contains(requestId)) c.problem("refund " + requestId + " is no part of any return");
        }
        for (String requestId : credits.keySet()) {
            if (!partRequestIds.contains(requestId)) c.problem("credit " + requestId + " is no part of any return");
        }
        if (ledgerRefunds != refundedChargebacks) {
            c.problem("the ledger's refunds add up to " + usd(ledgerRefunds) + ", the REFUNDED chargeback parts to "
                    + usd(refundedChargebacks));
        }
        if (ledgerCredits != refundedGiftCards) {
            c.problem("the ledger's credits add up to " + usd(ledgerCredits) + ", the REFUNDED gift-card parts to "
                    + usd(refundedGiftCards));
        }
        for (String s : paidButNotRefunded) c.problem("money moved for a part not recorded as paid: " + s);
        c.figures.put("ledger refunds", list(ledger.get("refunds")).size() + " = " + usd(ledgerRefunds)
                + "; REFUNDED chargeback parts " + usd(refundedChargebacks));
        c.figures.put("ledger gift-card credits", list(ledger.get("giftCardCredits")).size() + " = "
                + usd(ledgerCredits) + "; REFUNDED gift-card parts " + usd(refundedGiftCards));
        c.figures.put("all parts planned", parts.size() + " = " + usd(planned) + " = paid " + usd(ledgerRefunds
                + ledgerCredits) + " + left to a person (MANUAL parts) " + usd(manualCents) + " + still open "
                + usd(openCents) + (planned == ledgerRefunds + ledgerCredits + manualCents + openCents ? "" : " (does not add up)"));
        c.figures.put("money moved for a part that is MANUAL or open (a person would pay it again)",
                paidButNotRefunded.size());
        return c;
    }

    // ---- 3. no card funded twice ------------------------------------------------------------------

    Check cards() {
        Check c = new Check("3. no gift card funded twice; each gift-card part credited on exactly one card");
        Map<String, Integer> creditsPerCard = new HashMap<>();
        Map<String, Set<String>> cardsPerRequest = new HashMap<>();
        for (Map<String, Object> cr : list(ledger.get("giftCardCredits"))) {
            creditsPerCard.merge((String) cr.get("cardId"), 1, Integer::sum);
            cardsPerRequest.computeIfAbsent((String) cr.get("requestId"), k -> new java.util.HashSet<>())
                    .add((String) cr.get("cardId"));
        }
        creditsPerCard.forEach((card, n) -> {
            if (n > 1) c.problem("card " + card + " was credited " + n + " times");
        });
        Map<String, String> relationByCard = new HashMap<>();
        Map<String, Integer> cardsPerRelation = new HashMap<>();
        for (Map<String, Object> card : list(ledger.get("giftCards"))) {
            relationByCard.put((String) card.get("cardId"), (String) card.get("relationName"));
            cardsPerRelation.merge((String) card.get("relationName"), 1, Integer::sum);
        }
        cardsPerRelation.forEach((relation, n) -> {
            if (n > 1) c.problem("relationName " + relation + " has " + n + " cards");
        });
        int giftCardParts = 0, refundedGiftCardParts = 0, emptyCards = 0;
        Set<String> relations = new java.util.HashSet<>();
        for (PartAt p : parts) {
            if (!p.giftCard()) continue;
            giftCardParts++;
            String relation = "refund-" + p.requestId();
            relations.add(relation);
            Set<String> cards = cardsPerRequest.getOrDefault(p.requestId(), Set.of());
            if ("REFUNDED".equals(p.status())) {
                refundedGiftCardParts++;
                if (cards.size() != 1) c.problem(describe(p) + " is credited on " + cards.size() + " cards: " + cards);
                String card = (String) p.part().get("giftCardId");
                if (card != null && !relation.equals(relationByCard.get(card))) {
                    c.problem(describe(p) + " uses card " + card + " whose relationName is "
                            + relationByCard.get(card) + ", not " + relation);
                }
            } else if (!cards.isEmpty()) {
                c.problem(describe(p) + " is " + p.status() + " yet credited on " + cards);
            }
        }
        for (Map.Entry<String, String> card : relationByCard.entrySet()) {
            if (!relations.contains(card.getValue())) {
                c.problem("card " + card.getKey() + " (" + card.getValue() + ") belongs to no gift-card part");
            }
            if (!creditsPerCard.containsKey(card.getKey())) emptyCards++;
        }
        c.figures.put("gift-card parts", giftCardParts + " (" + refundedGiftCardParts + " REFUNDED)");
        c.figures.put("cards created", relationByCard.size() + ", credited " + creditsPerCard.size()
                + ", never credited " + emptyCards + " (made for a part that then went to a person: balance 0)");
        return c;
    }

    // ---- 4. no payment refunded above its value ---------------------------------------------------

    Check payments() {
        Check c = new Check("4. no payment refunded above its value (and R7: chargebacks spread over payments in order)");
        Map<String, Long> refundedPerPayment = new HashMap<>();
        for (Map<String, Object> r : list(ledger.get("refunds"))) {
            refundedPerPayment.merge(String.valueOf(r.get("paymentId")), cents(r.get("value")), Long::sum);
        }
        int payments = 0, takenWhole = 0, firstReturnTookWhole = 0, paymentsKindOrders = 0, unassignedParts = 0;
        long unassignedCents = 0;
        for (SoakOrders.PlannedOrder order : orders) {
            Map<String, Object> view = views.get(order.orderId());
            if (view == null) continue;
            Map<String, Long> planned = new HashMap<>();
            for (SoakOrders.Pay pay : order.payments()) {
                payments++;
                long refunded = refundedPerPayment.getOrDefault(pay.paymentId(), 0L);
                if (refunded > pay.value()) {
                    c.problem("payment " + pay.paymentId() + " of " + order.orderId() + " (" + usd(pay.value())
                            + ") was refunded " + usd(refunded));
                }
                if (refunded == pay.value()) takenWhole++;
            }
            // R7 replayed over the returns in the order they were recorded
            Map<String, Long> room = new HashMap<>();
            for (SoakOrders.Pay pay : order.payments()) room.put(pay.paymentId(), pay.value());
            List<Map<String, Object>> returns = list(view.get("returns"));
            for (int i = 0; i < returns.size(); i++) {
                Map<String, Object> ret = returns.get(i);
                Map<String, Object> refund = map(ret.get("refund"));
                long left = num(refund.get("chargeback"));
                List<String> expected = new ArrayList<>();
                for (SoakOrders.Pay pay : order.payments()) {
                    long taken = Math.min(left, Math.max(room.get(pay.paymentId()), 0));
                    if (taken > 0) {
                        expected.add("chargeback-" + pay.paymentId() + "=" + taken);
                        room.merge(pay.paymentId(), -taken, Long::sum);
                        left -= taken;
                    }
                }
                if (left > 0) expected.add("chargeback=" + left);
                if (num(refund.get("giftCard")) > 0) expected.add("giftCard=" + num(refund.get("giftCard")));
                List<String> actual = new ArrayList<>();
                for (Map<String, Object> part : list(refund.get("parts"))) {
                    actual.add(part.get("partId") + "=" + num(part.get("amount")));
                    if ("chargeback".equals(part.get("kind"))) {
                        if (part.get("paymentId") == null) {
                            unassignedParts++;
                            unassignedCents += num(part.get("amount"));
                        } else {
                            planned.merge((String) part.get("paymentId"), num(part.get("amount")), Long::sum);
                        }
                    }
                }
                if (!expected.equals(actual)) {
                    c.problem(describe(order, ret) + " (recorded " + (i + 1) + "th) has parts " + actual
                            + ", R7 says " + expected);
                }
                if (i == 0 && order.kind() == SoakOrders.Kind.PAYMENTS) {
                    paymentsKindOrders++;
                    SoakOrders.Pay first = order.payments().getFirst();
                    if (actual.equals(List.of("chargeback-" + first.paymentId() + "=" + first.value()))) {
                        firstReturnTookWhole++;
                    } else {
                        c.problem("the first return of " + order.orderId() + " should take payment "
                                + first.paymentId() + " whole (" + first.value() + "), it has " + actual);
                    }
                }
            }
            for (SoakOrders.Pay pay : order.payments()) {
                long sum = planned.getOrDefault(pay.paymentId(), 0L);
                if (sum > pay.value()) {
                    c.problem("the chargeback parts of " + order.orderId() + " take " + usd(sum) + " from payment "
                            + pay.paymentId() + " of " + usd(pay.value()));
                }
            }
        }
        c.figures.put("payments", payments + "; refunded to their whole value: " + takenWhole);
        c.figures.put("first returns of PAYMENTS orders taking the first payment whole in one part",
                firstReturnTookWhole + " of " + paymentsKindOrders);
        c.figures.put("chargeback parts with no payment room (short-paid orders; MANUAL by design)",
                unassignedParts + " = " + usd(unassignedCents));
        return c;
    }

    // ---- 5. no unit over-returned ----------------------------------------------------------------

    Check units(Map<SoakOrders.Race, Integer> raceWinners) {
        Check c = new Check("5. no unit over-returned (and R6: units priced by the sale line that billed them, oldest first)");
        long invoicedUnits = 0, returnedUnits = 0, pricedLines = 0, valueOnly = 0, splitPrices = 0;
        for (SoakOrders.PlannedOrder order : orders) {
            Map<String, Object> view = views.get(order.orderId());
            if (view == null) continue;
            List<Map<String, Object>> items = list(view.get("items"));
            List<Map<String, Object>> returns = list(view.get("returns"));
            long additional = 0;
            for (SoakOrders.Item item : order.items()) {
                int i = item.index();
                long invoiced = order.invoicedUnits(i);
                invoicedUnits += invoiced;
                List<Long> billed = order.billedUnitPrices(i);
                int next = 0;
                long returned = 0;
                for (Map<String, Object> ret : returns) {
                    for (Map<String, Object> line : list(ret.get("items"))) {
                        if (num(line.get("itemIndex")) != i) continue;
                        long q = num(line.get("quantity"));
                        long price = num(line.get("unitPrice"));
                        returned += q;
                        pricedLines++;
                        for (long u = 0; u < q; u++, next++) {
                            if (next >= billed.size()) break;
                            if (billed.get(next) != price) {
                                c.problem(describe(order, ret) + ": unit " + (next + 1) + " of item " + i + " priced "
                                        + price + ", its sale line billed " + billed.get(next));
                                break;
                            }
                        }
                    }
                }
                returnedUnits += returned;
                if (returned > invoiced) {
                    c.problem("item " + i + " of " + order.orderId() + ": " + returned + " units returned, "
                            + invoiced + " invoiced");
                }
                Map<String, Object> shown = items.get(i);
                if (num(shown.get("invoicedQuantity")) != invoiced || num(shown.get("returnedQuantity")) != returned) {
                    c.problem("item " + i + " of " + order.orderId() + " shows invoiced " + shown.get("invoicedQuantity")
                            + "/returned " + shown.get("returnedQuantity") + ", its invoices and returns say "
                            + invoiced + "/" + returned);
                }
            }
            for (Map<String, Object> ret : returns) {
                Map<String, Object> refund = map(ret.get("refund"));
                long itemsValue = 0;
                Map<Long, Integer> pricesPerItem = new HashMap<>();
                for (Map<String, Object> line : list(ret.get("items"))) {
                    itemsValue += num(line.get("quantity")) * num(line.get("unitPrice"));
                    pricesPerItem.merge(num(line.get("itemIndex")), 1, Integer::sum);
                }
                if (pricesPerItem.values().stream().anyMatch(n -> n > 1)) splitPrices++;
                if (list(ret.get("items")).isEmpty()) valueOnly++;
                long add = num(refund.get("additionalValue"));
                additional += add;
                long gift = add == order.shipping() ? 0 : add / 2;
                if (num(refund.get("itemsValue")) != itemsValue || num(refund.get("giftCard")) != gift
                        || num(refund.get("chargeback")) != itemsValue + add - gift) {
                    c.problem(describe(order, ret) + ": plan " + refund + ", R6 says items " + itemsValue
                            + ", chargeback " + (itemsValue + add - gift) + ", gift card " + gift);
                }
                Accepted a = accepted.get((String) ret.get("returnId"));
                if (a != null && a.planned() != null && add != a.planned().additional()) {
                    c.problem(describe(order, ret) + ": additional value " + add + ", submitted "
                            + a.planned().additional());
                }
            }
            if (additional > order.shipping()) {
                c.problem(order.orderId() + ": additional values " + additional + " above shipping " + order.shipping());
            }
            long total = returns.stream().mapToLong(r -> num(map(r.get("refund")).get("total"))).sum();
            if (total > order.invoicedValue()) {
                c.problem(order.orderId() + ": returns total " + total + " above invoiced " + order.invoicedValue());
            }
        }
        int races = raceWinners.size(), oneWinner = 0;
        for (Map.Entry<SoakOrders.Race, Integer> race : raceWinners.entrySet()) {
            if (race.getValue() == 1) oneWinner++;
            else c.problem("the race for the last " + race.getKey().units() + " units of item "
                    + race.getKey().itemIndex() + " of order " + race.getKey().order() + " had " + race.getValue()
                    + " winners");
        }
        c.figures.put("units", "invoiced " + invoicedUnits + ", returned " + returnedUnits + " in " + pricedLines
                + " priced lines; value-only returns " + valueOnly + "; returns with an item at two prices "
                + splitPrices);
        c.figures.put("races for an item's last units (3 concurrent returns each)", races + ", with exactly one winner: "
                + oneWinner);
        return c;
    }

    // ---- 6. the dead-letter queue ------------------------------------------------------------------

    /**
     * {@code bodies}: what the dead-letter queue held. Any job naming an existing return could have
     * succeeded. A message gets there only on its fifth failed receive, each after the queue's
     * visibility timeout, so the deliveries the refund processor reported failed are counted too
     * ({@code events}, from its log): a job of an existing return that threw is on its way there.
     */
    Check deadLetters(List<String> bodies, String mainQueue, Map<String, Long> events, Set<String> failedJobReturnIds,
                      boolean waitedForRedelivery) {
        Check c = new Check("6. the dead-letter queue holds no job that could succeed");
        for (String returnId : failedJobReturnIds) {
            if (accepted.containsKey(returnId)) {
                c.problem("a delivery of the job of return " + returnId + " threw (refund.job_failed): reported"
                        + " failed, it is on its way to the dead-letter queue though its return exists");
            }
        }
        c.figures.put("deliveries reported failed", "wake-up not sent (queue fault) " + events.getOrDefault(
                "refund.wake_up_failed", 0L) + ", threw " + events.getOrDefault("refund.job_failed", 0L)
                + ", unknown return " + events.getOrDefault("refund.unknown_return", 0L) + ", malformed "
                + events.getOrDefault("refund.malformed_job", 0L) + ", deferred " + events.getOrDefault(
                "refund.job_deferred", 0L));
        int malformed = 0, unknown = 0;
        for (String body : bodies) {
            Map<String, Object> job;
            try {
                job = BenchHttp.json(body);
            } catch (RuntimeException e) {
                malformed++;
                continue;
            }
            if (job.get("returnId") instanceof String returnId && accepted.containsKey(returnId)) {
                c.problem("the dead-letter queue holds a job for return " + returnId + ", which exists: " + body);
            } else {
                unknown++;
            }
        }
        c.figures.put("dead-letter queue", bodies.size() + " messages (" + malformed + " malformed, " + unknown
                + " naming no return of the soak)");
        c.figures.put("refund queue at the end", mainQueue + (waitedForRedelivery ? " (after waiting for the"
                + " deliveries reported failed to come back)" : "; in flight: deliveries reported failed, back after"
                + " the queue's 360 s visibility timeout (a message reaches the dead-letter queue on its fifth failed"
                + " receive, 24 minutes at the least); --await-redelivery-minutes 8 waits for them"));
        return c;
    }

    // ---- beyond the checks ------------------------------------------------------------------

    /** What the soak saw that the checks do not cover; after {@link #statuses()}. */
    List<String> findings() {
        List<String> findings = new ArrayList<>();
        if (manualWithoutCause > 0) {
            findings.add(manualWithoutCause + " of " + manualParts + " MANUAL_REFUND_REQUIRED parts have no history"
                    + " entry naming why a person must refund them (the provider's refusal or its message): the"
                    + " refusal came in an attempt that left another part to retry, whose note lists only the"
                    + " transient errors, and the note of the attempt that settled the return lists only that"
                    + " attempt's refusals. E.g. " + manualWithoutCauseExample);
        }
        return findings;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String describe(SoakOrders.PlannedOrder order, Map<String, Object> ret) {
        return "return " + ret.get("returnId") + " (" + ret.get("entranceInvoiceNumber") + ") of " + order.orderId();
    }

    /** A return's parts and history, for a problem that needs them. */
    private static String evidence(Map<String, Object> ret) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> part : list(map(ret.get("refund")).get("parts"))) {
            parts.add(part.get("partId") + " " + part.get("amount") + " " + part.get("status") + " ref "
                    + part.get("providerReference"));
        }
        List<String> history = new ArrayList<>();
        for (Map<String, Object> h : list(ret.get("history"))) {
            history.add(h.get("at") + " " + h.get("status") + " by " + h.get("actor") + ": " + h.get("note"));
        }
        return "created " + ret.get("createdAt") + ", attempts " + ret.get("attempts") + ", parts " + parts
                + ", history " + history;
    }

    private static String describe(PartAt p) {
        return "part " + p.part().get("partId") + " of " + describe(p.order(), p.ret());
    }

    static String usd(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString() + " USD";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static boolean blank(Object text) {
        return !(text instanceof String s) || s.isBlank();
    }

    static long num(Object value) {
        return ((Number) value).longValue();
    }

    static long cents(Object decimal) {
        return new BigDecimal(decimal.toString()).movePointRight(2).longValueExact();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
