package dev.orderreturns.functions.body;

import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderDetails;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.OrderTotals;
import dev.orderreturns.domain.Payment;
import dev.orderreturns.domain.rules.EntranceInvoiceNumberRule;
import dev.orderreturns.functions.http.JsonBody;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code PUT /orders/{orderId}}: the platform's order format (the subset DESIGN.md section 3 names).
 * Unknown fields are ignored, as the platform sends many more.
 */
public final class OrderImportBody {

    private OrderImportBody() {
    }

    public static Order parse(Map<String, Object> body, String account, String orderId, Supplier<String> receipts,
                              Instant now) {
        JsonBody in = new JsonBody();
        String bodyOrderId = in.string(body, "orderId", "orderId", false);
        if (bodyOrderId != null && !bodyOrderId.equals(orderId)) {
            in.problem("orderId", "must equal the order id in the path (" + orderId + ")");
        }
        String status = in.string(body, "status", "status", false);
        String creationDate = in.string(body, "creationDate", "creationDate", false);

        List<OrderItem> items = new ArrayList<>();
        for (JsonBody.Element element : in.objects(body, "items", "items", true)) {
            Map<String, Object> item = element.object();
            String path = element.path();
            String uniqueId = in.string(item, "uniqueId", path + ".uniqueId", false);
            String sku = in.string(item, "id", path + ".id", true);
            String name = in.string(item, "name", path + ".name", false);
            long quantity = in.wholeNumber(item, "quantity", path + ".quantity", true, 0);
            long price = in.wholeNumber(item, "price", path + ".price", true, 0);
            long sellingPrice = in.wholeNumber(item, "sellingPrice", path + ".sellingPrice", false, price);
            items.add(new OrderItem(element.index(), uniqueId, sku, name, quantity, price, sellingPrice));
        }

        long itemsTotal = 0, shipping = 0, discounts = 0, tax = 0;
        for (JsonBody.Element total : in.objects(body, "totals", "totals", false)) {
            String id = in.string(total.object(), "id", total.path() + ".id", true);
            long value = in.wholeNumber(total.object(), "value", total.path() + ".value", true, 0);
            if (id == null) continue;
            switch (id) {
                case "Items" -> itemsTotal = value;
                case "Shipping" -> shipping = value;
                case "Discounts" -> discounts = value;
                case "Tax" -> tax = value;
                default -> { } // other totals (e.g. CustomTax) do not enter refunds
            }
        }

        List<Payment> payments = new ArrayList<>();
        Map<String, Object> paymentData = in.object(body, "paymentData", "paymentData", false);
        if (paymentData != null) {
            for (JsonBody.Element transaction : in.objects(paymentData, "transactions", "paymentData.transactions",
                    false)) {
                String tPath = transaction.path();
                String transactionId = in.string(transaction.object(), "transactionId", tPath + ".transactionId", false);
                for (JsonBody.Element pay : in.objects(transaction.object(), "payments", tPath + ".payments", false)) {
                    String pPath = pay.path();
                    String paymentId = in.string(pay.object(), "id", pPath + ".id", true);
                    String system = in.string(pay.object(), "paymentSystemName", pPath + ".paymentSystemName", false);
                    long value = in.wholeNumber(pay.object(), "value", pPath + ".value", true, 0);
                    if (value < 0) in.problem(pPath + ".value", "must be 0 or more cents");
                    payments.add(new Payment(transactionId, paymentId, system, value));
                }
            }
        }

        String currency = null;
        Map<String, Object> store = in.object(body, "storePreferencesData", "storePreferencesData", true);
        if (store != null) {
            currency = in.string(store, "currencyCode", "storePreferencesData.currencyCode", true);
        }
        String email = null;
        Map<String, Object> client = in.object(body, "clientProfileData", "clientProfileData", false);
        if (client != null) {
            email = in.string(client, "email", "clientProfileData.email", false);
        }

        List<Invoice> saleInvoices = new ArrayList<>();
        Map<String, Object> attachment = in.object(body, "packageAttachment", "packageAttachment", false);
        if (attachment != null) {
            for (JsonBody.Element pkg : in.objects(attachment, "packages", "packageAttachment.packages", false)) {
                saleInvoices.add(saleInvoice(in, pkg.object(), pkg.path(), receipts.get(), now));
            }
        }
        in.refuseIfProblems();
        return Order.imported(account, orderId, new OrderDetails(status, creationDate, currency, items,
                new OrderTotals(itemsTotal, shipping, discounts, tax), payments, email), saleInvoices, now);
    }

    private static Invoice saleInvoice(JsonBody in, Map<String, Object> pkg, String path, String receipt, Instant now) {
        String type = in.string(pkg, "type", path + ".type", false);
        if (type != null && InvoiceType.fromWire(type) != InvoiceType.OUTPUT) {
            in.problem(path + ".type", "packages are sale invoices: must be Output");
        }
        String number = in.string(pkg, "invoiceNumber", path + ".invoiceNumber", true);
        EntranceInvoiceNumberRule.saleNumberProblems(number, path + ".invoiceNumber")
                .forEach(p -> in.problem(p.field(), p.message()));
        long value = in.centsOrDigits(pkg, "invoiceValue", path + ".invoiceValue", true);
        if (value < 0) in.problem(path + ".invoiceValue", "must be 0 or more cents");
        String issuance = in.string(pkg, "issuanceDate", path + ".issuanceDate", false);
        List<InvoiceLine> lines = new ArrayList<>();
        for (JsonBody.Element line : in.objects(pkg, "items", path + ".items", true)) {
            String lPath = line.path();
            long index = in.wholeNumber(line.object(), "itemIndex", lPath + ".itemIndex", true, 0);
            long quantity = in.wholeNumber(line.object(), "quantity", lPath + ".quantity", true, 0);
            long price = in.wholeNumber(line.object(), "price", lPath + ".price", true, 0);
            if (index < 0 || index > Integer.MAX_VALUE) in.problem(lPath + ".itemIndex", "is not an item of the order");
            if (quantity < 1) in.problem(lPath + ".quantity", "must be at least 1");
            if (price < 0) in.problem(lPath + ".price", "must be 0 or more cents");
            lines.add(new InvoiceLine((int) Math.max(0, Math.min(index, Integer.MAX_VALUE)), null, quantity, price));
        }
        return new Invoice(InvoiceType.OUTPUT, number, issuance, value, lines, receipt, null, null, now);
    }
}
