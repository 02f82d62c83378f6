// Helper for FaultSoak (not run by itself): the orders it imports and the returns it submits, drawn from a seed.
package dev.orderreturns.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fault soak's orders and planned returns, all drawn from one seed so a run can be repeated.
 *
 * <p>Four kinds of order, in turn: {@code SIMPLE} (one payment, one sale invoice);
 * {@code PAYMENTS} (two or three payments; the first pays exactly for item 0, and the order's first
 * return returns all of item 0 with no additional value, so that return's chargeback takes the
 * first payment whole); {@code TWO_PRICES} (two sale invoices billing item 0 at different unit
 * prices); {@code MIXED} (two sale invoices at different prices, two or three payments, always
 * shipping). Payments add up to what the sale invoices charge (items plus shipping), except for one
 * order in twenty (a MIXED one) whose last payment is short, so some chargeback money has no payment
 * with room: a part a person must refund. Most orders have shipping; their returns carry additional
 * values either equal to the whole shipping (all chargeback) or two below it, odd cents included
 * (half to a gift card), and one order in seven has a value-only return.
 *
 * <p>The planned returns use exactly the units they name; each item is invoiced with 0 to 2 units
 * more (slack). Every other order with slack gets a race: after the planned returns, three
 * concurrent returns each ask for all the slack units of one item, so exactly one may win.
 */
final class SoakOrders {

    enum Kind { SIMPLE, PAYMENTS, TWO_PRICES, MIXED }

    record Item(int index, String sku, String name, long quantity, long price, long sellingPrice) {
    }

    record SaleLine(int itemIndex, long quantity, long unitPrice) {
    }

    record Sale(String invoiceNumber, long invoiceValue, List<SaleLine> lines) {
    }

    record Pay(String transactionId, String paymentId, long value) {
    }

    record Line(int itemIndex, long quantity) {
    }

    /** A planned return; {@code firstWave}: submitted before the order's other returns. */
    record PlannedReturn(int order, int seq, List<Line> lines, long additional, boolean firstWave,
                         boolean doubleSubmit) {

        String entranceInvoiceNumber() {
            return "RET-" + order + "-" + seq;
        }

        boolean valueOnly() {
            return lines.isEmpty();
        }
    }

    /** Three concurrent returns asking for the last {@code units} units of an item: one may win. */
    record Race(int order, int itemIndex, long units) {
        static final int CONTENDERS = 3;

        String entranceInvoiceNumber(int contender) {
            return "RACE-" + order + "-" + contender;
        }
    }

    record PlannedOrder(int index, String account, String orderId, Kind kind, List<Item> items, List<Sale> sales,
                        List<Pay> payments, long shipping, boolean shortfall, List<PlannedReturn> returns,
                        Race race) {

        long invoicedUnits(int itemIndex) {
            long units = 0;
            for (Sale sale : sales) {
                for (SaleLine line : sale.lines()) {
                    if (line.itemIndex() == itemIndex) units += line.quantity();
                }
            }
            return units;
        }

        long invoicedValue() {
            return sales.stream().mapToLong(Sale::invoiceValue).sum();
        }

        /** The unit prices of the item's units in the order they were billed: oldest sale invoice first. */
        List<Long> billedUnitPrices(int itemIndex) {
            List<Long> prices = new ArrayList<>();
            for (Sale sale : sales) {
                for (SaleLine line : sale.lines()) {
                    if (line.itemIndex() != itemIndex) continue;
                    for (long u = 0; u < line.quantity(); u++) prices.add(line.unitPrice());
                }
            }
            return prices;
        }

        Pay payment(String paymentId) {
            return payments.stream().filter(p -> p.paymentId().equals(paymentId)).findFirst().orElse(null);
        }

        /** The body of {@code PUT /orders/{orderId}}, in the platform's order format. */
        Map<String, Object> importBody() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", orderId);
            body.put("status", "invoiced");
            body.put("creationDate", "2025-11-20T14:32:10.000Z");
            List<Object> itemList = new ArrayList<>();
            long itemsTotal = 0, discounts = 0;
            for (Item item : items) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("uniqueId", "U" + index + "X" + item.index());
                m.put("id", item.sku());
                m.put("name", item.name());
                m.put("quantity", item.quantity());
                m.put("price", item.price());
                m.put("sellingPrice", item.sellingPrice());
                itemList.add(m);
                itemsTotal += item.quantity() * item.price();
                discounts -= item.quantity() * (item.price() - item.sellingPrice());
            }
            body.put("items", itemList);
            body.put("totals", List.of(Map.of("id", "Items", "value", itemsTotal),
                    Map.of("id", "Shipping", "value", shipping), Map.of("id", "Discounts", "value", discounts),
                    Map.of("id", "Tax", "value", 0)));
            // payments in the order they are listed; one transaction per transactionId, in first-seen order
            Map<String, List<Object>> byTransaction = new LinkedHashMap<>();
            for (Pay pay : payments) {
                byTransaction.computeIfAbsent(pay.transactionId(), t -> new ArrayList<>()).add(Map.of("id",
                        pay.paymentId(), "paymentSystemName", "Visa", "value", pay.value()));
            }
            List<Object> transactions = new ArrayList<>();
            byTransaction.forEach((tx, pays) -> transactions.add(Map.of("transactionId", tx, "payments", pays)));
            body.put("paymentData", Map.of("transactions", transactions));
            body.put("storePreferencesData", Map.of("currencyCode", "USD"));
            body.put("clientProfileData", Map.of("email", "customer" + index + "@example.com"));
            List<Object> packages = new ArrayList<>();
            for (Sale sale : sales) {
                List<Object> lines = new ArrayList<>();
                for (SaleLine line : sale.lines()) {
                    lines.add(Map.of("itemIndex", line.itemIndex(), "quantity", line.quantity(), "price",
                            line.unitPrice()));
                }
                Map<String, Object> pkg = new LinkedHashMap<>();
                pkg.put("type", "Output");
                pkg.put("invoiceNumber", sale.invoiceNumber());
                pkg.put("invoiceValue", sale.invoiceValue());
                pkg.put("issuanceDate", "2025-11-21T10:00:00.000Z");
                pkg.put("items", lines);
                packages.add(pkg);
            }
            body.put("packageAttachment", Map.of("packages", packages));
            return body;
        }
    }

    private SoakOrders() {
    }

    /** The operator form's body for a planned return. */
    static Map<String, Object> returnBody(PlannedReturn r) {
        List<Object> lines = new ArrayList<>();
        for (Line line : r.lines()) lines.add(Map.of("itemIndex", line.itemIndex(), "quantity", line.quantity()));
        return returnBody(lines, r.additional(), r.entranceInvoiceNumber(), "Soak return " + r.seq());
    }

    static Map<String, Object> raceBody(Race race, int contender) {
        return returnBody(List.of(Map.of("itemIndex", race.itemIndex(), "quantity", race.units())), 0,
                race.entranceInvoiceNumber(contender), "Soak race for the last units");
    }

    private static Map<String, Object> returnBody(List<Object> lines, long additional, String number, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", lines);
        body.put("additionalValue", additional);
        if (additional > 0) body.put("referredTo", "Shipping refund");
        body.put("entranceInvoiceNumber", number);
        body.put("reason", reason);
        return body;
    }

    static List<PlannedOrder> generate(int orders, int returns, long seed, List<String> accounts) {
        List<PlannedOrder> all = new ArrayList<>(orders);
        for (int k = 0; k < orders; k++) {
            int count = returns / orders + (k < returns % orders ? 1 : 0);
            all.add(order(k, count, new Random(seed * 1_000_003L + k), accounts.get(k % accounts.size())));
        }
        return all;
    }

    private static PlannedOrder order(int k, int returnCount, Random rnd, String account) {
        Kind kind = Kind.values()[k % Kind.values().length];
        long shipping = kind == Kind.MIXED || k % 3 != 2 ? 500 + rnd.nextInt(2000) : 0;
        int itemCount = kind == Kind.PAYMENTS ? 3 + rnd.nextInt(2) : 2 + rnd.nextInt(3);

        // additional values: the whole shipping once, or two values below it (gift card halves)
        List<Long> additionals = new ArrayList<>();
        if (shipping > 0) {
            if (k % 5 == 0) {
                additionals.add(shipping);
            } else {
                long a1 = 101 + 2L * rnd.nextInt((int) (shipping / 4));
                additionals.add(a1);
                additionals.add(Math.max(1, shipping - a1 - rnd.nextInt(100)));
            }
        }
        List<Integer> carriers = new ArrayList<>(); // the returns that carry them: never PAYMENTS' first
        for (int seq = kind == Kind.PAYMENTS ? 1 : 0; seq < returnCount && carriers.size() < additionals.size(); seq++) {
            carriers.add(seq);
        }
        int valueOnlySeq = k % 7 == 0 && !carriers.isEmpty() ? carriers.getLast() : -1;

        long[] planned = new long[itemCount];
        List<PlannedReturn> plannedReturns = new ArrayList<>();
        for (int seq = 0; seq < returnCount; seq++) {
            int carrier = carriers.indexOf(seq);
            long additional = carrier >= 0 ? additionals.get(carrier) : 0;
            List<Line> lines = new ArrayList<>();
            if (kind == Kind.PAYMENTS && seq == 0) {
                long units = 1 + rnd.nextInt(3);
                lines.add(new Line(0, units));
                planned[0] += units;
            } else if (seq != valueOnlySeq) {
                int lineCount = rnd.nextInt(3) == 0 ? 2 : 1;
                List<Integer> candidates = new ArrayList<>();
                for (int i = kind == Kind.PAYMENTS ? 1 : 0; i < itemCount; i++) candidates.add(i);
                for (int n = 0; n < lineCount && !candidates.isEmpty(); n++) {
                    // TWO_PRICES and MIXED return item 0 (billed at two prices) more often
                    int pick = (kind == Kind.TWO_PRICES || kind == Kind.MIXED) && candidates.contains(0)
                            && rnd.nextBoolean() ? candidates.indexOf(0) : rnd.nextInt(candidates.size());
                    int item = candidates.remove(pick);
                    long units = 1 + rnd.nextInt(2);
                    lines.add(new Line(item, units));
                    planned[item] += units;
                }
                lines.sort((a, b) -> Integer.compare(a.itemIndex(), b.itemIndex()));
            }
            plannedReturns.add(new PlannedReturn(k, seq, List.copyOf(lines), additional, seq == 0,
                    rnd.nextInt(20) == 0));
        }

        List<Item> items = new ArrayList<>();
        long[] slack = new long[itemCount];
        for (int i = 0; i < itemCount; i++) {
            slack[i] = kind == Kind.PAYMENTS && i == 0 ? 0 : rnd.nextInt(3);
            long quantity = Math.max(planned[i] + slack[i], (kind == Kind.TWO_PRICES || kind == Kind.MIXED) && i == 0 ? 2 : 1);
            slack[i] = quantity - planned[i];
            long price = 500 + rnd.nextInt(9500);
            long selling = rnd.nextInt(3) == 0 ? price - rnd.nextInt((int) (price / 4)) : price;
            items.add(new Item(i, "SKU" + k + "N" + i, "Soak item " + i + " of order " + k, quantity, price, selling));
        }

        List<Sale> sales = new ArrayList<>();
        if (kind == Kind.SIMPLE || kind == Kind.PAYMENTS) {
            List<SaleLine> lines = new ArrayList<>();
            for (Item item : items) lines.add(new SaleLine(item.index(), item.quantity(), item.sellingPrice()));
            sales.add(new Sale("NF-" + k + "-1", linesValue(lines) + shipping, lines));
        } else {
            // item 0 at two unit prices: the first half on the first invoice, the rest dearer or cheaper on the second
            Item first = items.getFirst();
            long early = first.quantity() / 2;
            long p1 = first.sellingPrice();
            long p2 = k % 8 < 4 ? Math.max(1, p1 - 50 - rnd.nextInt((int) (p1 / 2))) : p1 + 50 + rnd.nextInt(500);
            List<SaleLine> one = new ArrayList<>(List.of(new SaleLine(0, early, p1)));
            List<SaleLine> two = new ArrayList<>(List.of(new SaleLine(0, first.quantity() - early, p2)));
            for (Item item : items.subList(1, items.size())) {
                (rnd.nextBoolean() ? one : two).add(new SaleLine(item.index(), item.quantity(), item.sellingPrice()));
            }
            sales.add(new Sale("NF-" + k + "-1", linesValue(one) + shipping, one));
            sales.add(new Sale("NF-" + k + "-2", linesValue(two), two));
        }
        long invoiced = sales.stream().mapToLong(Sale::invoiceValue).sum();

        List<Pay> payments = new ArrayList<>();
        boolean shortfall = false;
        String tx = "TX" + k;
        switch (kind) {
            case SIMPLE, TWO_PRICES -> payments.add(new Pay(tx, "PAY" + k + "N0", invoiced));
            case PAYMENTS -> {
                long whole = plannedReturns.getFirst().lines().getFirst().quantity() * items.getFirst().sellingPrice();
                payments.add(new Pay(tx + "A", "PAY" + k + "N0", whole));
                long rest = invoiced - whole;
                if (rnd.nextBoolean() && rest >= 2) {
                    long second = 1 + rnd.nextInt((int) (rest - 1));
                    payments.add(new Pay(tx + "B", "PAY" + k + "N1", second));
                    payments.add(new Pay(tx + "C", "PAY" + k + "N2", rest - second));
                } else {
                    payments.add(new Pay(tx + "B", "PAY" + k + "N1", rest));
                }
            }
            case MIXED -> {
                int count = 2 + rnd.nextInt(2);
                long left = invoiced;
                for (int j = 0; j < count; j++) {
                    long value = j == count - 1 ? left : Math.max(1, left / (count - j) + rnd.nextInt(1000) - 500);
                    value = Math.min(value, left - (count - 1 - j));
                    payments.add(new Pay(tx, "PAY" + k + "N" + j, value));
                    left -= value;
                }
                if (k % 20 == 19) {
                    Pay last = payments.removeLast();
                    payments.add(new Pay(last.transactionId(), last.paymentId(),
                            last.value() - Math.min(1500, last.value() - 1)));
                    shortfall = true;
                }
            }
        }

        Race race = null;
        if (k % 2 == 0) {
            for (int i = 0; i < itemCount && race == null; i++) {
                if (slack[i] > 0) race = new Race(k, i, slack[i]);
            }
        }
        return new PlannedOrder(k, account, "soak-order-" + k, kind, List.copyOf(items), List.copyOf(sales),
                List.copyOf(payments), shipping, shortfall, List.copyOf(plannedReturns), race);
    }

    private static long linesValue(List<SaleLine> lines) {
        return lines.stream().mapToLong(l -> l.quantity() * l.unitPrice()).sum();
    }
}
