package dev.orderreturns.functions.view;

import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.OrderTotals;
import dev.orderreturns.domain.ReturnLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order as the API shows it: items with invoiced, returned and returnable units, invoices,
 * returned items and returns.
 */
public final class OrderView {

    private OrderView() {
    }

    public static Map<String, Object> of(Order order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", order.orderId());
        m.put("status", order.status());
        m.put("creationDate", order.details().creationDate());
        m.put("currency", order.currency());
        List<Object> items = new ArrayList<>();
        for (OrderItem item : order.items()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("index", item.index());
            i.put("uniqueId", item.uniqueId());
            i.put("id", item.skuId());
            i.put("name", item.name());
            i.put("quantity", item.quantity());
            i.put("price", item.price());
            i.put("sellingPrice", item.sellingPrice());
            i.put("invoicedQuantity", order.invoices().invoicedUnits(item.index()));
            i.put("returnedQuantity", order.returns().returnedUnits(item.index()));
            i.put("returnableQuantity", order.returnableUnits(item.index()));
            items.add(i);
        }
        m.put("items", items);
        OrderTotals totals = order.totals();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("items", totals.items());
        t.put("shipping", totals.shipping());
        t.put("discounts", totals.discounts());
        t.put("tax", totals.tax());
        m.put("totals", t);
        m.put("shippingReturnable", totals.shipping() - order.returns().additionalValueReturned());
        m.put("invoicedValue", order.invoices().invoicedValue());
        m.put("refundedValue", order.returns().refundedValue());
        m.put("invoices", order.invoices().all().stream().map(OrderView::invoice).toList());
        List<Object> returnedItems = new ArrayList<>();
        for (OrderReturn r : order.returns().all()) {
            for (ReturnLine line : r.lines()) {
                Map<String, Object> ri = new LinkedHashMap<>();
                ri.put("returnId", r.returnId());
                ri.put("itemIndex", line.itemIndex());
                ri.put("id", line.skuId());
                ri.put("name", itemName(order, line.itemIndex()));
                ri.put("quantity", line.quantity());
                ri.put("unitPrice", line.unitPrice());
                ri.put("status", r.status().name());
                returnedItems.add(ri);
            }
        }
        m.put("returnedItems", returnedItems);
        m.put("returns", order.returns().all().stream().map(r -> ReturnView.of(order, r)).toList());
        return m;
    }

    private static Map<String, Object> invoice(Invoice invoice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", invoice.type().wireName());
        m.put("invoiceNumber", invoice.invoiceNumber());
        m.put("issuanceDate", invoice.issuanceDate());
        m.put("invoiceValue", invoice.invoiceValue());
        List<Object> lines = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("itemIndex", line.itemIndex());
            l.put("id", line.skuId());
            l.put("quantity", line.quantity());
            l.put("unitPrice", line.unitPrice());
            lines.add(l);
        }
        m.put("items", lines);
        if (invoice.returnId() != null) {
            m.put("returnId", invoice.returnId());
        }
        return m;
    }

    static String itemName(Order order, int itemIndex) {
        return itemIndex < order.items().size() ? order.items().get(itemIndex).name() : null;
    }
}
