package dev.orderreturns.domain;

import dev.orderreturns.domain.rules.ReasonAndReferredToRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform's invoice notification ({@code POST /api/oms/pvt/orders/{orderId}/invoice}): items by
 * SKU, unit prices and the invoice value in minor units. An {@code Output} one is a sale invoice; an
 * {@code Input} one is a return whose additional value is the invoice value above its items' value.
 * Every refusal names the notification's own fields.
 */
public record InvoiceNotification(InvoiceType type, String invoiceNumber, long invoiceValue, String issuanceDate,
                                  List<SkuLine> items) {

    /** A line of the notification: units of a SKU at a unit price, with an optional description. */
    public record SkuLine(String skuId, long quantity, long price, String description) {
    }

    public static final String DEFAULT_RETURN_REASON = "Return invoice";

    public InvoiceNotification {
        items = List.copyOf(items);
    }

    /** A sale invoice for these SKU lines: units are spread over the order's items with that SKU not yet invoiced. */
    public Invoice toSaleInvoice(Order order, String receipt, String fingerprint, Instant now) {
        List<InvoiceLine> lines = new ArrayList<>();
        List<FieldError> problems = new ArrayList<>();
        Map<Integer, Long> taken = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            SkuLine sku = items.get(i);
            if (sku.quantity() < 1) {
                problems.add(new FieldError("items[" + i + "].quantity", "must be at least 1"));
                continue;
            }
            long left = sku.quantity();
            for (OrderItem item : order.items()) {
                if (left == 0) break;
                if (!item.skuId().equals(sku.skuId())) continue;
                long free = item.quantity() - order.invoices().invoicedUnits(item.index())
                        - taken.getOrDefault(item.index(), 0L);
                long units = Math.min(free, left);
                if (units > 0) {
                    lines.add(new InvoiceLine(item.index(), item.skuId(), units, sku.price()));
                    taken.merge(item.index(), units, Long::sum);
                    left -= units;
                }
            }
            if (left > 0) {
                problems.add(new FieldError("items[" + i + "]", unknownSku(order, sku.skuId())
                        ? "the order has no item with SKU " + sku.skuId()
                        : left + " more unit(s) of SKU " + sku.skuId() + " than the order has left to invoice"));
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invoiceExceedsOrder(problems);
        }
        return new Invoice(InvoiceType.OUTPUT, invoiceNumber, issuanceDate, invoiceValue, lines, receipt, null,
                fingerprint, now);
    }

    /**
     * The return an Input notification asks for, named in the notification's fields. Units of a SKU
     * go to the order's items with that SKU, in item order, taking each item's oldest units not yet
     * returned (R6), which must have been billed at the notification's unit price. The additional
     * value is the invoice value above the items' value; the reason joins the items' descriptions.
     */
    public ReturnRequest toReturnRequest(Order order) {
        Map<Integer, Long> unitsByItem = new LinkedHashMap<>();
        Map<Integer, Integer> sourceByItem = new LinkedHashMap<>();
        List<FieldError> problems = new ArrayList<>();
        long itemsValue = 0;
        Set<String> descriptions = new LinkedHashSet<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                SkuLine sku = items.get(i);
                if (sku.description() != null && !sku.description().isBlank()) {
                    descriptions.add(sku.description().strip());
                }
                itemsValue = Math.addExact(itemsValue, Math.multiplyExact(sku.quantity(), sku.price()));
                if (unknownSku(order, sku.skuId())) {
                    problems.add(new FieldError("items[" + i + "].id", "the order has no item with SKU " + sku.skuId()));
                    continue;
                }
                Long nextPrice = null;
                long left = sku.quantity();
                for (OrderItem item : order.items()) {
                    if (left == 0 || !item.skuId().equals(sku.skuId())) continue;
                    long taken = unitsByItem.getOrDefault(item.index(), 0L);
                    long returnable = order.returnableUnits(item.index()) - taken;
                    List<Invoices.PricedUnits> next = returnable <= 0 ? List.of() : order.invoices().priceUnits(
                            item.index(), order.returns().returnedUnits(item.index()) + taken, returnable);
                    if (next.isEmpty()) continue;
                    if (next.getFirst().unitPrice() != sku.price()) {
                        nextPrice = next.getFirst().unitPrice();
                        continue;
                    }
                    long units = Math.min(next.getFirst().quantity(), left);
                    unitsByItem.merge(item.index(), units, Long::sum);
                    sourceByItem.putIfAbsent(item.index(), i);
                    left -= units;
                }
                if (left > 0 && !billedAt(order, sku)) {
                    problems.add(new FieldError("items[" + i + "].price", "SKU " + sku.skuId()
                            + " was not invoiced at a unit price of " + sku.price()));
                } else if (left > 0 && nextPrice != null) {
                    problems.add(new FieldError("items[" + i + "].price", "the next returnable unit(s) of SKU "
                            + sku.skuId() + " were billed at a unit price of " + nextPrice + ", not " + sku.price()
                            + " (units are returned in the order they were billed)"));
                } else if (left > 0) {
                    problems.add(new FieldError("items[" + i + "].quantity", "only "
                            + (sku.quantity() - left) + " unit(s) of SKU " + sku.skuId() + " can be returned"));
                }
            }
        } catch (ArithmeticException overflow) {
            throw Refusal.amountOutOfRange("items", "invoice");
        }
        if (!problems.isEmpty()) {
            throw Refusal.unitsExceedReturnable(problems);
        }
        long additional = invoiceValue - itemsValue;
        if (additional < 0) {
            throw Refusal.invoiceValueBelowItems("invoiceValue", invoiceValue, itemsValue);
        }
        String reason = descriptions.isEmpty() ? DEFAULT_RETURN_REASON
                : ReasonAndReferredToRule.fitReason(String.join("; ", descriptions));
        List<ReturnRequest.Units> units = new ArrayList<>();
        List<String> lineItems = new ArrayList<>();
        List<String> lineQuantities = new ArrayList<>();
        unitsByItem.forEach((index, quantity) -> {
            units.add(new ReturnRequest.Units(index, quantity));
            lineItems.add("items[" + sourceByItem.get(index) + "].id");
            lineQuantities.add("items[" + sourceByItem.get(index) + "].quantity");
        });
        ReturnFields fields = new ReturnFields("invoiceNumber", "invoiceValue", "items", null, "items", lineItems,
                lineQuantities);
        return new ReturnRequest(units, additional, null, invoiceNumber, reason, fields);
    }

    /** Whether any sale invoice billed units of the SKU at the line's unit price. */
    private static boolean billedAt(Order order, SkuLine sku) {
        for (OrderItem item : order.items()) {
            if (item.skuId().equals(sku.skuId()) && order.invoices().priceUnits(item.index(), 0,
                    order.invoices().invoicedUnits(item.index())).stream().anyMatch(p -> p.unitPrice() == sku.price())) {
                return true;
            }
        }
        return false;
    }

    private static boolean unknownSku(Order order, String skuId) {
        return order.items().stream().noneMatch(item -> item.skuId().equals(skuId));
    }
}
