package dev.orderreturns.functions.body;

import dev.orderreturns.domain.InvoiceNotification;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.rules.EntranceInvoiceNumberRule;
import dev.orderreturns.functions.http.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/oms/pvt/orders/{orderId}/invoice}: the platform's invoice notification
 * {@code {type, invoiceNumber, invoiceValue, issuanceDate, items[{id, quantity, price, description}], ...}}
 * with {@code invoiceValue} in cents as a string or a number and unit {@code price} in cents. Read
 * once: the caller first needs the type (it decides the scope), then the problems, if any.
 */
public final class InvoiceNotificationBody {

    private final JsonBody in;
    private final InvoiceNotification notification;

    private InvoiceNotificationBody(JsonBody in, InvoiceNotification notification) {
        this.in = in;
        this.notification = notification;
    }

    /** The invoice type; null when absent or unknown (then {@link #notification()} refuses naming it). */
    public InvoiceType type() {
        return notification.type();
    }

    /** The notification, or a refusal (400) naming every bad field. */
    public InvoiceNotification notification() {
        in.refuseIfProblems();
        return notification;
    }

    public static InvoiceNotificationBody read(Map<String, Object> body) {
        JsonBody in = new JsonBody();
        String typeName = in.string(body, "type", "type", true);
        InvoiceType type = typeName == null ? null : InvoiceType.fromWire(typeName);
        if (typeName != null && type == null) {
            in.problem("type", "must be Output or Input");
        }
        String number = in.string(body, "invoiceNumber", "invoiceNumber", true);
        EntranceInvoiceNumberRule.saleNumberProblems(number, "invoiceNumber")
                .forEach(p -> in.problem(p.field(), p.message()));
        long value = in.centsOrDigits(body, "invoiceValue", "invoiceValue", true);
        if (value < 0) {
            in.problem("invoiceValue", "must be 0 or more cents");
        }
        String issuance = in.string(body, "issuanceDate", "issuanceDate", false);
        List<InvoiceNotification.SkuLine> lines = new ArrayList<>();
        List<JsonBody.Element> items = in.objects(body, "items", "items", true);
        for (JsonBody.Element item : items) {
            String path = item.path();
            String sku = in.string(item.object(), "id", path + ".id", true);
            long quantity = in.wholeNumber(item.object(), "quantity", path + ".quantity", true, 0);
            long price = in.wholeNumber(item.object(), "price", path + ".price", true, 0);
            String description = in.string(item.object(), "description", path + ".description", false);
            if (quantity < 1) in.problem(path + ".quantity", "must be at least 1");
            if (price < 0) in.problem(path + ".price", "must be 0 or more cents");
            lines.add(new InvoiceNotification.SkuLine(sku, quantity, price, description));
        }
        if (type == InvoiceType.OUTPUT && body.get("items") instanceof List<?> list && list.isEmpty()) {
            in.problem("items", "a sale invoice needs at least one item");
        }
        return new InvoiceNotificationBody(in, new InvoiceNotification(type, number, value, issuance, lines));
    }
}
