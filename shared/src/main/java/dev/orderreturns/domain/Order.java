package dev.orderreturns.domain;

import dev.orderreturns.domain.rules.EntranceInvoiceNumberRule;
import dev.orderreturns.domain.rules.ReturnRules;
import dev.orderreturns.domain.rules.SaleInvoiceRule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order aggregate: what the platform said of the order ({@link OrderDetails}), its
 * {@link Invoices} and its {@link Returns}, and the idempotency keys of the requests that changed
 * it. Every rule that spans returns is checked here on one consistent copy, and the whole
 * aggregate is stored in one conditional write. A refused change leaves it as it was.
 */
public final class Order {

    private final String account;
    private final String orderId;
    private OrderDetails details;
    private Invoices invoices;
    private final Returns returns;
    private final Map<String, IdempotencyRecord> idempotencyKeys;
    private final Instant importedAt;
    private Instant updatedAt;
    /** Version of the stored copy this was read from; 0 for an order never stored. */
    private long version;

    public Order(String account, String orderId, OrderDetails details, List<Invoice> invoices,
                 List<OrderReturn> returns, Map<String, IdempotencyRecord> idempotencyKeys, Instant importedAt,
                 Instant updatedAt, long version) {
        this.account = account;
        this.orderId = orderId;
        this.details = details;
        this.invoices = new Invoices(invoices);
        this.returns = new Returns(returns);
        this.idempotencyKeys = new LinkedHashMap<>(idempotencyKeys);
        this.importedAt = importedAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A newly imported order with its sale invoices, checked (details, and that the sales fit the items). */
    public static Order imported(String account, String orderId, OrderDetails details, List<Invoice> saleInvoices,
                                 Instant now) {
        Order order = new Order(account, orderId, details, List.of(), List.of(), Map.of(), now, now, 0);
        order.requireValidDetails();
        for (int i = 0; i < saleInvoices.size(); i++) {
            order.addSale(saleInvoices.get(i), "packageAttachment.packages[" + i + "]");
        }
        return order;
    }

    // ---- reading ----

    public String account() { return account; }
    public String orderId() { return orderId; }
    public OrderDetails details() { return details; }
    public String status() { return details.status(); }
    public String currency() { return details.currency(); }
    public List<OrderItem> items() { return details.items(); }
    public OrderTotals totals() { return details.totals(); }
    public List<Payment> payments() { return details.payments(); }
    public String customerEmail() { return details.customerEmail(); }
    public Invoices invoices() { return invoices; }
    public Returns returns() { return returns; }
    public Map<String, IdempotencyRecord> idempotencyKeys() { return Map.copyOf(idempotencyKeys); }
    public Instant importedAt() { return importedAt; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }

    public void storedAs(long newVersion) {
        this.version = newVersion;
    }

    /** R1: units on sale invoices minus units on earlier returns. */
    public long returnableUnits(int itemIndex) {
        return invoices.invoicedUnits(itemIndex) - returns.returnedUnits(itemIndex);
    }

    /** Every status change stored with the order but not yet published, oldest first. */
    public List<ReturnEvent> outbox() {
        return returns.all().stream().flatMap(r -> r.outbox().stream())
                .sorted(java.util.Comparator.comparing(ReturnEvent::at)).toList();
    }

    /** Takes the published events out of the outbox; true when any was there. */
    public boolean published(java.util.Set<String> eventIds) {
        boolean removed = false;
        for (OrderReturn r : returns.all()) {
            removed |= r.published(eventIds);
        }
        return removed;
    }

    /** The return an idempotency key recorded, if the key was used before on this order. */
    public Optional<IdempotencyRecord> idempotencyRecord(String key) {
        return Optional.ofNullable(idempotencyKeys.get(key));
    }

    // ---- changing ----

    /**
     * Takes a re-import of this order. Once the order has returns, its items, currency, shipping
     * total and payments are fixed. Sale invoices in the re-import are added; one already recorded
     * must have the same contents.
     */
    public void reimport(Order incoming, Instant now) {
        if (!returns.isEmpty()) {
            List<FieldError> changed = details.changesOnceReturned(incoming.details);
            if (!changed.isEmpty()) {
                throw Refusal.orderHasReturns(changed);
            }
        }
        // Check the re-imported order whole, on a candidate copy, so a refusal changes nothing.
        Order candidate = new Order(account, orderId, incoming.details, invoices.all(), returns.all(),
                idempotencyKeys, importedAt, now, version);
        candidate.requireValidDetails();
        for (Invoice recorded : invoices.sales()) {
            SaleInvoiceRule.requireFits(recorded, candidate.items(), candidate.invoices, "packageAttachment.packages");
        }
        List<Invoice> sales = incoming.invoices.all();
        for (int i = 0; i < sales.size(); i++) {
            Invoice sale = sales.get(i);
            String field = "packageAttachment.packages[" + i + "]";
            Optional<Invoice> existing = candidate.invoices.find(sale.invoiceNumber());
            if (existing.isEmpty()) {
                candidate.addSale(sale, field);
            } else if (!existing.get().sameContentsAs(sale)) {
                throw Refusal.invoiceNumberTaken(field + ".invoiceNumber", sale.invoiceNumber());
            }
        }
        this.details = candidate.details;
        this.invoices = candidate.invoices;
        this.updatedAt = now;
    }

    /**
     * Records a sale invoice sent by invoice notification. The same invoice sent again (same
     * request fingerprint) answers the first one; another invoice with that number is refused.
     */
    public Invoice recordSaleInvoice(Invoice sale, Instant now) {
        Optional<Invoice> existing = invoices.find(sale.invoiceNumber());
        if (existing.isPresent() && existing.get().requestFingerprint() != null
                && existing.get().requestFingerprint().equals(sale.requestFingerprint())) {
            return existing.get();
        }
        Invoice recorded = addSale(sale, "");
        updatedAt = now;
        return recorded;
    }

    /** Adds a sale (R3: its number unused; it fits the items), with each line's SKU recorded. */
    private Invoice addSale(Invoice sale, String fieldPrefix) {
        EntranceInvoiceNumberRule.requireUnused(invoices, sale.invoiceNumber(),
                (fieldPrefix.isEmpty() ? "" : fieldPrefix + ".") + "invoiceNumber");
        Invoices withSale = invoices.copy();
        withSale.add(sale);
        SaleInvoiceRule.requireFits(sale, items(), withSale, fieldPrefix);
        // Lines from packages name items by index only; record their SKU too.
        Invoice recorded = sale.withLines(sale.lines().stream().map(l -> new InvoiceLine(l.itemIndex(),
                items().get(l.itemIndex()).skuId(), l.quantity(), l.unitPrice())).toList());
        invoices.add(recorded);
        return recorded;
    }

    private void requireValidDetails() {
        List<FieldError> problems = details.problems();
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
    }

    /**
     * Records a return: checks every rule ({@link ReturnRules}), then adds its entrance invoice and
     * the return, refund {@code PENDING}, due for refund work at once.
     */
    public OrderReturn submitReturn(String returnId, ReturnRequest request, String issuanceDate, String actor,
                                    Instant now) {
        ReturnRules.Accepted accepted = ReturnRules.check(returnId, request, this);
        OrderReturn submitted = OrderReturn.submitted(returnId, request, accepted.lines(), accepted.plan(),
                accepted.parts(), actor, now);
        invoices.add(new Invoice(InvoiceType.INPUT, request.entranceInvoiceNumber(), issuanceDate,
                accepted.plan().total().minorUnits(), accepted.lines().stream().map(ReturnLine::asInvoiceLine).toList(),
                returnId, returnId, null, now));
        returns.add(submitted);
        updatedAt = now;
        return submitted;
    }

    public void rememberIdempotencyKey(String key, IdempotencyRecord record) {
        idempotencyKeys.put(key, record);
    }

    /** Marks the Input invoice of a return with the notification that recorded it (for replays). */
    public void fingerprintEntranceInvoice(String returnId, String fingerprint) {
        for (Invoice invoice : invoices.all()) {
            if (invoice.type() == InvoiceType.INPUT && returnId.equals(invoice.returnId())) {
                invoices.replace(invoice, invoice.withFingerprint(fingerprint));
            }
        }
    }
}
