package dev.orderreturns.functions.body;

import dev.orderreturns.domain.InvoiceNotification;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.functions.http.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/oms/pvt/orders/{orderId}/invoice}: the platform's invoice notification
 * {@code {type, invoiceNumber, invoiceValue, issuanceDate, items[{id, quantity, price, description}], ...}}
 * with {@code invoiceValue} in cents as a string or a number and unit {@code price} in cents.
 */
public final class InvoiceNotificationBody {

    private InvoiceNotificationBody() {
    }

    /** The invoice type alone, to pick the scope before the rest is read. Null when absent or unknown. */
    public static InvoiceType type(Map<String, Object> body) {
        return body.get("type") instanceof String s ? InvoiceType.fromWire(s) : null;
    }

    public static InvoiceNotification parse(Map<String, Object> body) {
        JsonBody in = new JsonBody();
        String typeName = in.string(body, "type", "type", true);
        InvoiceType type = typeName == null ? null : InvoiceType.fromWire(typeName);
        if (typeName != null && type == null) {
            in.problem("type", "must be Output or Input");
        }
        String number = in.string(body, "invoiceNumber", "invoiceNumber", true);
        if (number != null && (number.isBlank() || number.length() > 50)) {
            in.problem("invoiceNumber", "must be 1 to 50 characters");
        }
        long value = in.centsOrDigits(body, "invoiceValue", "invoiceValue", true);
        if (value < 0) {
            in.problem("invoiceValue", "must be 0 or more cents");
        }
        String issuance = in.string(body, "issuanceDate", "issuanceDate", false);
        List<InvoiceNotification.SkuLine> lines = new ArrayList<>();
        List<Object> items = in.list(body, "items", "items", true);
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                String path = "items[" + i + "]";
                Map<String, Object> item = in.asObject(items.get(i), path);
                if (item == null) continue;
                String sku = in.string(item, "id", path + ".id", true);
                long quantity = in.wholeNumber(item, "quantity", path + ".quantity", true, 0);
                long price = in.wholeNumber(item, "price", path + ".price", true, 0);
                String description = in.string(item, "description", path + ".description", false);
                if (quantity < 1) in.problem(path + ".quantity", "must be at least 1");
                if (price < 0) in.problem(path + ".price", "must be 0 or more cents");
                lines.add(new InvoiceNotification.SkuLine(sku, quantity, price, description));
            }
            if (type == InvoiceType.OUTPUT && items.isEmpty()) {
                in.problem("items", "a sale invoice needs at least one item");
            }
        }
        in.refuseIfProblems();
        return new InvoiceNotification(type, number, value, issuance, lines);
    }
}
