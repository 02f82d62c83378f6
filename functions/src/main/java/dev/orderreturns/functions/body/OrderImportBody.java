package dev.orderreturns.functions.body;

import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.OrderTotals;
import dev.orderreturns.domain.Payment;
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
        List<Object> rawItems = in.list(body, "items", "items", true);
        if (rawItems != null) {
            for (int i = 0; i < rawItems.size(); i++) {
                String path = "items[" + i + "]";
                Map<String, Object> item = in.asObject(rawItems.get(i), path);
                if (item == null) continue;
                String uniqueId = in.string(item, "uniqueId", path + ".uniqueId", false);
                String sku = in.string(item, "id", path + ".id", true);
                String name = in.string(item, "name", path + ".name", false);
                long quantity = in.wholeNumber(item, "quantity", path + ".quantity", true, 0);
                long price = in.wholeNumber(item, "price", path + ".price", true, 0);
                long sellingPrice = in.wholeNumber(item, "sellingPrice", path + ".sellingPrice", false, price);
                items.add(new OrderItem(i, uniqueId, sku, name, quantity, price, sellingPrice));
            }
        }

        long itemsTotal = 0, shipping = 0, discounts = 0, tax = 0;
        List<Object> totals = in.list(body, "totals", "totals", false);
        if (totals != null) {
            for (int i = 0; i < totals.size(); i++) {
                String path = "totals[" + i + "]";
                Map<String, Object> total = in.asObject(totals.get(i), path);
                if (total == null) continue;
                String id = in.string(total, "id", path + ".id", true);
                long value = in.wholeNumber(total, "value", path + ".value", true, 0);
                if (id == null) continue;
                switch (id) {
                    case "Items" -> itemsTotal = value;
                    case "Shipping" -> shipping = value;
                    case "Discounts" -> discounts = value;
                    case "Tax" -> tax = value;
                    default -> { } // other totals (e.g. CustomTax) do not enter refunds
                }
            }
        }

        List<Payment> payments = new ArrayList<>();
        Map<String, Object> paymentData = in.object(body, "paymentData", "paymentData", false);
        if (paymentData != null) {
            List<Object> transactions = in.list(paymentData, "transactions", "paymentData.transactions", false);
            if (transactions != null) {
                for (int t = 0; t < transactions.size(); t++) {
                    String tPath = "paymentData.transactions[" + t + "]";
                    Map<String, Object> transaction = in.asObject(transactions.get(t), tPath);
                    if (transaction == null) continue;
                    String transactionId = in.string(transaction, "transactionId", tPath + ".transactionId", false);
                    List<Object> pays = in.list(transaction, "payments", tPath + ".payments", false);
                    if (pays == null) continue;
                    for (int p = 0; p < pays.size(); p++) {
                        String pPath = tPath + ".payments[" + p + "]";
                        Map<String, Object> pay = in.asObject(pays.get(p), pPath);
                        if (pay == null) continue;
                        String paymentId = in.string(pay, "id", pPath + ".id", true);
                        String system = in.string(pay, "paymentSystemName", pPath + ".paymentSystemName", false);
                        long value = in.wholeNumber(pay, "value", pPath + ".value", true, 0);
                        if (value < 0) in.problem(pPath + ".value", "must be 0 or more cents");
                        payments.add(new Payment(transactionId, paymentId, system, value));
                    }
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
            List<Object> packages = in.list(attachment, "packages", "packageAttachment.packages", false);
            if (packages != null) {
                for (int i = 0; i < packages.size(); i++) {
                    String path = "packageAttachment.packages[" + i + "]";
                    Map<String, Object> pkg = in.asObject(packages.get(i), path);
                    if (pkg == null) continue;
                    saleInvoices.add(saleInvoice(in, pkg, path, receipts.get(), now));
                }
            }
        }
        in.refuseIfProblems();
        return Order.imported(account, orderId, status, creationDate, currency, items,
                new OrderTotals(itemsTotal, shipping, discounts, tax), payments, email, saleInvoices, now);
    }

    private static Invoice saleInvoice(JsonBody in, Map<String, Object> pkg, String path, String receipt, Instant now) {
        String type = in.string(pkg, "type", path + ".type", false);
        if (type != null && InvoiceType.fromWire(type) != InvoiceType.OUTPUT) {
            in.problem(path + ".type", "packages are sale invoices: must be Output");
        }
        String number = in.string(pkg, "invoiceNumber", path + ".invoiceNumber", true);
        if (number != null && (number.isBlank() || number.length() > 50)) {
            in.problem(path + ".invoiceNumber", "must be 1 to 50 characters");
        }
        long value = in.centsOrDigits(pkg, "invoiceValue", path + ".invoiceValue", true);
        if (value < 0) in.problem(path + ".invoiceValue", "must be 0 or more cents");
        String issuance = in.string(pkg, "issuanceDate", path + ".issuanceDate", false);
        List<InvoiceLine> lines = new ArrayList<>();
        List<Object> items = in.list(pkg, "items", path + ".items", true);
        if (items != null) {
            for (int j = 0; j < items.size(); j++) {
                String lPath = path + ".items[" + j + "]";
                Map<String, Object> line = in.asObject(items.get(j), lPath);
                if (line == null) continue;
                long index = in.wholeNumber(line, "itemIndex", lPath + ".itemIndex", true, 0);
                long quantity = in.wholeNumber(line, "quantity", lPath + ".quantity", true, 0);
                long price = in.wholeNumber(line, "price", lPath + ".price", true, 0);
                if (index < 0 || index > Integer.MAX_VALUE) in.problem(lPath + ".itemIndex", "is not an item of the order");
                if (quantity < 1) in.problem(lPath + ".quantity", "must be at least 1");
                if (price < 0) in.problem(lPath + ".price", "must be 0 or more cents");
                lines.add(new InvoiceLine((int) Math.max(0, Math.min(index, Integer.MAX_VALUE)), null, quantity, price));
            }
        }
        return new Invoice(InvoiceType.OUTPUT, number, issuance, value, lines, receipt, null, null, now);
    }
}
