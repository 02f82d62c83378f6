package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order aggregate: the imported order, its invoices and its returns. Everything that must hold
 * across returns (R1, R3, R5, R7) is checked here, on one consistent copy, and stored in one write.
 */
public final class Order {

    public static final int MAX_ITEMS = 1000;

    private final String account;
    private final String orderId;
    private String status;
    private String creationDate;
    private String currency;
    private List<OrderItem> items;
    private OrderTotals totals;
    private List<Payment> payments;
    private String customerEmail;
    private final List<Invoice> invoices;
    private final List<OrderReturn> returns;
    private final Map<String, IdempotencyRecord> idempotencyKeys;
    private final Instant importedAt;
    private Instant updatedAt;
    /** Version of the stored copy this was read from; 0 for an order never stored. */
    private long version;

    public Order(String account, String orderId, String status, String creationDate, String currency,
                 List<OrderItem> items, OrderTotals totals, List<Payment> payments, String customerEmail,
                 List<Invoice> invoices, List<OrderReturn> returns, Map<String, IdempotencyRecord> idempotencyKeys,
                 Instant importedAt, Instant updatedAt, long version) {
        this.account = account;
        this.orderId = orderId;
        this.status = status;
        this.creationDate = creationDate;
        this.currency = currency;
        this.items = List.copyOf(items);
        this.totals = totals;
        this.payments = List.copyOf(payments);
        this.customerEmail = customerEmail;
        this.invoices = new ArrayList<>(invoices);
        this.returns = new ArrayList<>(returns);
        this.idempotencyKeys = new LinkedHashMap<>(idempotencyKeys);
        this.importedAt = importedAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /**
     * A newly imported order with its sale invoices, checked: items, totals, currency and that the
     * sale invoices only invoice units the order has.
     */
    public static Order imported(String account, String orderId, String status, String creationDate, String currency,
                                 List<OrderItem> items, OrderTotals totals, List<Payment> payments,
                                 String customerEmail, List<Invoice> saleInvoices, Instant now) {
        Order order = new Order(account, orderId, status, creationDate, currency, items, totals, payments,
                customerEmail, List.of(), List.of(), Map.of(), now, now, 0);
        order.checkDetails();
        for (int i = 0; i < saleInvoices.size(); i++) {
            order.addSaleInvoice(saleInvoices.get(i), "packageAttachment.packages[" + i + "]");
        }
        return order;
    }

    // ---- reading ----

    public String account() { return account; }
    public String orderId() { return orderId; }
    public String status() { return status; }
    public String creationDate() { return creationDate; }
    public String currency() { return currency; }
    public List<OrderItem> items() { return items; }
    public OrderTotals totals() { return totals; }
    public List<Payment> payments() { return payments; }
    public String customerEmail() { return customerEmail; }
    public List<Invoice> invoices() { return List.copyOf(invoices); }
    public List<OrderReturn> returns() { return List.copyOf(returns); }
    public Map<String, IdempotencyRecord> idempotencyKeys() { return Map.copyOf(idempotencyKeys); }
    public Instant importedAt() { return importedAt; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }

    public void storedAs(long newVersion) {
        this.version = newVersion;
    }

    public Optional<OrderReturn> findReturn(String returnId) {
        return returns.stream().filter(r -> r.returnId().equals(returnId)).findFirst();
    }

    public Optional<Invoice> findInvoice(String invoiceNumber) {
        return invoices.stream().filter(i -> i.invoiceNumber().equalsIgnoreCase(invoiceNumber)).findFirst();
    }

    /** Units of the item on sale ({@code Output}) invoices. */
    public long invoicedUnits(int itemIndex) {
        long units = 0;
        for (Invoice invoice : invoices) {
            if (invoice.type() == InvoiceType.OUTPUT) {
                for (InvoiceLine line : invoice.lines()) {
                    if (line.itemIndex() == itemIndex) {
                        units = Math.addExact(units, line.quantity());
                    }
                }
            }
        }
        return units;
    }

    /** Units of the item on returns so far, whatever their refund state: they are no longer returnable. */
    public long returnedUnits(int itemIndex) {
        long units = 0;
        for (OrderReturn r : returns) {
            units = Math.addExact(units, r.unitsOf(itemIndex));
        }
        return units;
    }

    /** R1: units on sale invoices minus units on earlier returns. */
    public long returnableUnits(int itemIndex) {
        return invoicedUnits(itemIndex) - returnedUnits(itemIndex);
    }

    /** The unit selling price of the item on its (first) sale invoice; empty when never invoiced. */
    public Optional<Long> invoicedUnitPrice(int itemIndex) {
        for (Invoice invoice : invoices) {
            if (invoice.type() == InvoiceType.OUTPUT) {
                for (InvoiceLine line : invoice.lines()) {
                    if (line.itemIndex() == itemIndex) {
                        return Optional.of(line.unitPrice());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** What the order's sale invoices charged, in minor units. */
    public long invoicedValue() {
        long value = 0;
        for (Invoice invoice : invoices) {
            if (invoice.type() == InvoiceType.OUTPUT) {
                value = Math.addExact(value, invoice.invoiceValue());
            }
        }
        return value;
    }

    /** Sum of refund totals over all returns. */
    public long refundedValue() {
        long value = 0;
        for (OrderReturn r : returns) {
            value = Math.addExact(value, r.plan().total());
        }
        return value;
    }

    /** Sum of additional (shipping) values over all returns. */
    public long additionalValueReturned() {
        long value = 0;
        for (OrderReturn r : returns) {
            value = Math.addExact(value, r.plan().additionalValue());
        }
        return value;
    }

    /** The earliest time any of the order's returns has refund work due; empty when none. */
    public Optional<Instant> nextDueAt() {
        return returns.stream().map(OrderReturn::dueAt).filter(d -> d != null).min(Instant::compareTo);
    }

    // ---- changing ----

    /**
     * Takes a re-import of this order. Details may change only while no return depends on them:
     * once the order has returns, its items, currency, shipping total and payments are fixed.
     * Sale invoices in the re-import are added; one already recorded must be identical.
     */
    public void reimport(Order incoming, Instant now) {
        if (!returns.isEmpty()) {
            List<FieldError> changed = new ArrayList<>();
            if (!items.equals(incoming.items)) changed.add(new FieldError("items", "cannot change once the order has returns"));
            if (!currency.equals(incoming.currency)) changed.add(new FieldError("storePreferencesData.currencyCode", "cannot change once the order has returns"));
            if (totals.shipping() != incoming.totals.shipping()) changed.add(new FieldError("totals", "the Shipping total cannot change once the order has returns"));
            if (!payments.equals(incoming.payments)) changed.add(new FieldError("paymentData", "cannot change once the order has returns"));
            if (!changed.isEmpty()) {
                throw new Refusal(Refusal.Kind.CONFLICT, "order-has-returns", "The order already has returns",
                        "items, currency, shipping and payments of an order with returns cannot change", changed);
            }
        }
        // Check the re-imported order whole, on a candidate copy, so a refusal changes nothing.
        Order candidate = new Order(account, orderId, incoming.status, incoming.creationDate, incoming.currency,
                incoming.items, incoming.totals, incoming.payments, incoming.customerEmail, invoices, returns,
                idempotencyKeys, importedAt, now, version);
        candidate.checkDetails();
        for (Invoice recorded : invoices) {
            if (recorded.type() == InvoiceType.OUTPUT) {
                candidate.checkSaleFits(recorded, "packageAttachment.packages");
            }
        }
        for (int i = 0; i < incoming.invoices.size(); i++) {
            Invoice sale = incoming.invoices.get(i);
            Optional<Invoice> existing = candidate.findInvoice(sale.invoiceNumber());
            if (existing.isPresent()) {
                if (!sameSale(existing.get(), sale)) {
                    throw Refusal.conflict("invoice-number-taken", "Invoice number already used",
                            "packageAttachment.packages[" + i + "].invoiceNumber",
                            "invoice " + sale.invoiceNumber() + " is already recorded with other contents");
                }
            } else {
                candidate.addSaleInvoice(sale, "packageAttachment.packages[" + i + "]");
            }
        }
        this.status = candidate.status;
        this.creationDate = candidate.creationDate;
        this.currency = candidate.currency;
        this.items = candidate.items;
        this.totals = candidate.totals;
        this.payments = candidate.payments;
        this.customerEmail = candidate.customerEmail;
        this.invoices.clear();
        this.invoices.addAll(candidate.invoices);
        this.updatedAt = now;
    }

    private static boolean sameSale(Invoice a, Invoice b) {
        return a.type() == b.type() && a.invoiceValue() == b.invoiceValue() && a.lines().equals(b.lines());
    }

    /**
     * Records a sale invoice sent by invoice notification. The same invoice sent again (same
     * request fingerprint) answers the first receipt; another invoice with that number is refused.
     */
    public Invoice recordSaleInvoice(Invoice sale, Instant now) {
        Optional<Invoice> existing = findInvoice(sale.invoiceNumber());
        if (existing.isPresent()) {
            if (existing.get().requestFingerprint() != null
                    && existing.get().requestFingerprint().equals(sale.requestFingerprint())) {
                return existing.get();
            }
            throw Refusal.conflict("invoice-number-taken", "Invoice number already used", "invoiceNumber",
                    "the order already has an invoice numbered " + sale.invoiceNumber());
        }
        addSaleInvoice(sale, "");
        updatedAt = now;
        return sale;
    }

    private void addSaleInvoice(Invoice sale, String fieldPrefix) {
        String prefix = fieldPrefix.isEmpty() ? "" : fieldPrefix + ".";
        if (findInvoice(sale.invoiceNumber()).isPresent()) {
            throw Refusal.conflict("invoice-number-taken", "Invoice number already used", prefix + "invoiceNumber",
                    "the order already has an invoice numbered " + sale.invoiceNumber());
        }
        invoices.add(sale);
        try {
            checkSaleFits(sale, fieldPrefix);
        } catch (RuntimeException e) {
            invoices.removeLast();
            throw e;
        }
        // Lines from packages name items by index only; record their SKU too.
        invoices.set(invoices.size() - 1, new Invoice(sale.type(), sale.invoiceNumber(), sale.issuanceDate(),
                sale.invoiceValue(), sale.lines().stream().map(l -> new InvoiceLine(l.itemIndex(),
                        items.get(l.itemIndex()).skuId(), l.quantity(), l.unitPrice())).toList(),
                sale.receipt(), sale.returnId(), sale.requestFingerprint(), sale.recordedAt()));
    }

    /** Sale invoices may only invoice items the order has, and no more units than it has. */
    private void checkSaleFits(Invoice sale, String fieldPrefix) {
        String prefix = fieldPrefix.isEmpty() ? "" : fieldPrefix + ".";
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < sale.lines().size(); i++) {
            InvoiceLine line = sale.lines().get(i);
            String field = prefix + "items[" + i + "]";
            if (line.itemIndex() < 0 || line.itemIndex() >= items.size()) {
                problems.add(new FieldError(field, "the order has no such item"));
            } else if (invoicedUnits(line.itemIndex()) > items.get(line.itemIndex()).quantity()) {
                problems.add(new FieldError(field + ".quantity", "invoices more units of item " + line.itemIndex()
                        + " than the order has (" + items.get(line.itemIndex()).quantity() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "invoice-exceeds-order", "The invoice does not fit the order",
                    problems.getFirst().message(), problems);
        }
    }

    private void checkDetails() {
        List<FieldError> problems = new ArrayList<>();
        if (!Money.isCurrencyCode(currency)) {
            problems.add(new FieldError("storePreferencesData.currencyCode", "must be an ISO 4217 currency code"));
        }
        if (items.isEmpty()) {
            problems.add(new FieldError("items", "an order needs at least one item"));
        } else if (items.size() > MAX_ITEMS) {
            problems.add(new FieldError("items", "at most " + MAX_ITEMS + " items per order"));
        }
        for (int i = 0; i < items.size(); i++) {
            OrderItem item = items.get(i);
            if (item.quantity() < 1) problems.add(new FieldError("items[" + i + "].quantity", "must be at least 1"));
            if (item.price() < 0) problems.add(new FieldError("items[" + i + "].price", "must be 0 or more cents"));
            if (item.sellingPrice() < 0) problems.add(new FieldError("items[" + i + "].sellingPrice", "must be 0 or more cents"));
        }
        if (totals.shipping() < 0) {
            problems.add(new FieldError("totals", "the Shipping total must be 0 or more cents"));
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
    }

    /**
     * Records a return (rules R1–R7): checks the request against this order, works out the refund
     * plan, adds the entrance invoice and the return, refund {@code PENDING}.
     */
    public OrderReturn submitReturn(String returnId, ReturnRequest request, String issuanceDate, String actor,
                                    Instant now, Instant dueAt) {
        List<FieldError> malformed = request.problems();
        if (!malformed.isEmpty()) {
            throw Refusal.invalid(malformed);
        }
        if (findInvoice(request.entranceInvoiceNumber()).isPresent()) {
            throw Refusal.conflict("invoice-number-taken", "Entrance invoice number already used",
                    "entranceInvoiceNumber",
                    "the order already has an invoice numbered " + request.entranceInvoiceNumber());
        }
        List<FieldError> refused = new ArrayList<>();
        List<ReturnLine> lines = new ArrayList<>();
        String refusalType = "units-exceed-returnable";
        long itemsValue = 0;
        try {
            for (int i = 0; i < request.items().size(); i++) {
                ReturnRequest.Units units = request.items().get(i);
                String field = "items[" + i + "]";
                if (units.itemIndex() >= items.size()) {
                    refused.add(new FieldError(field + ".itemIndex", "the order has no item " + units.itemIndex()));
                    refusalType = "unknown-item";
                    continue;
                }
                int index = (int) units.itemIndex();
                Optional<Long> unitPrice = invoicedUnitPrice(index);
                if (unitPrice.isEmpty()) {
                    refused.add(new FieldError(field + ".itemIndex", "item " + index + " was never invoiced"));
                    refusalType = "item-not-invoiced";
                    continue;
                }
                long returnable = returnableUnits(index);
                if (units.quantity() > returnable) {
                    refused.add(new FieldError(field + ".quantity", "only " + returnable + " unit"
                            + (returnable == 1 ? "" : "s") + " of item " + index + " can be returned"));
                    continue;
                }
                ReturnLine line = new ReturnLine(index, items.get(index).skuId(), units.quantity(), unitPrice.get());
                lines.add(line);
                itemsValue = Math.addExact(itemsValue, line.value());
            }
            if (!refused.isEmpty()) {
                throw new Refusal(Refusal.Kind.UNPROCESSABLE, refusalType, "The items cannot be returned",
                        refused.getFirst().message(), refused);
            }
            long additionalSoFar = additionalValueReturned();
            long additionalLeft = totals.shipping() - additionalSoFar;
            if (request.additionalValue() > additionalLeft) {
                throw Refusal.unprocessable("additional-value-exceeds-shipping",
                        "The additional value exceeds the shipping total", "additionalValue",
                        "additional values over all returns may not exceed the shipping total of " + totals.shipping()
                                + "; " + additionalLeft + " is left");
            }
            RefundPlan plan = RefundPlan.of(currency, itemsValue, request.additionalValue(), totals.shipping());
            long refundLeft = invoicedValue() - refundedValue();
            if (plan.total() > refundLeft) {
                throw Refusal.unprocessable("refund-exceeds-invoiced", "The refund exceeds what was invoiced",
                        request.additionalValue() > 0 ? "additionalValue" : "items",
                        "refunds over all returns may not exceed the invoiced " + invoicedValue() + "; "
                                + refundLeft + " is left");
            }
            OrderReturn submitted = OrderReturn.submitted(returnId, request, lines, plan, actor, now, dueAt);
            invoices.add(new Invoice(InvoiceType.INPUT, request.entranceInvoiceNumber(), issuanceDate, plan.total(),
                    lines.stream().map(l -> new InvoiceLine(l.itemIndex(), l.skuId(), l.quantity(), l.unitPrice())).toList(),
                    returnId, returnId, null, now));
            returns.add(submitted);
            updatedAt = now;
            return submitted;
        } catch (ArithmeticException overflow) {
            throw Refusal.unprocessable("amount-out-of-range", "Amounts out of range", "items",
                    "the amounts of this return are out of range");
        }
    }

    /** The return an idempotency key recorded, if the key was used before on this order. */
    public Optional<IdempotencyRecord> idempotencyRecord(String key) {
        return Optional.ofNullable(idempotencyKeys.get(key));
    }

    public void rememberIdempotencyKey(String key, IdempotencyRecord record) {
        idempotencyKeys.put(key, record);
    }

    /** Marks the Input invoice of a return with the notification that recorded it (for replays). */
    public void fingerprintEntranceInvoice(String returnId, String fingerprint) {
        for (int i = 0; i < invoices.size(); i++) {
            Invoice inv = invoices.get(i);
            if (inv.type() == InvoiceType.INPUT && returnId.equals(inv.returnId())) {
                invoices.set(i, new Invoice(inv.type(), inv.invoiceNumber(), inv.issuanceDate(), inv.invoiceValue(),
                        inv.lines(), inv.receipt(), inv.returnId(), fingerprint, inv.recordedAt()));
            }
        }
    }
}
