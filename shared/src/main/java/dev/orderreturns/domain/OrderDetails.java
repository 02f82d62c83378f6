package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * What the platform says of an order when it is imported: status, dates, currency, items, totals,
 * payments and the customer's e-mail. Returns depend on the items, currency, shipping total and
 * payments, so those are fixed once the order has returns ({@link #changesOnceReturned}).
 */
public record OrderDetails(String status, String creationDate, String currency, List<OrderItem> items,
                           OrderTotals totals, List<Payment> payments, String customerEmail) {

    public static final int MAX_ITEMS = 1000;

    public OrderDetails {
        items = List.copyOf(items);
        payments = List.copyOf(payments);
    }

    /** Problems of the details in themselves; empty when they can be imported. */
    public List<FieldError> problems() {
        List<FieldError> problems = new ArrayList<>();
        if (!isCurrencyCode(currency)) {
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
            if (item.sellingPrice() < 0) {
                problems.add(new FieldError("items[" + i + "].sellingPrice", "must be 0 or more cents"));
            }
        }
        if (totals.shipping() < 0) {
            problems.add(new FieldError("totals", "the Shipping total must be 0 or more cents"));
        }
        return problems;
    }

    /** The fields an import would change that an order with returns must keep (empty: none). */
    public List<FieldError> changesOnceReturned(OrderDetails incoming) {
        List<FieldError> changed = new ArrayList<>();
        String why = "cannot change once the order has returns";
        if (!items.equals(incoming.items)) changed.add(new FieldError("items", why));
        if (!currency.equals(incoming.currency)) changed.add(new FieldError("storePreferencesData.currencyCode", why));
        if (totals.shipping() != incoming.totals.shipping()) {
            changed.add(new FieldError("totals", "the Shipping total " + why));
        }
        if (!payments.equals(incoming.payments)) changed.add(new FieldError("paymentData", why));
        return changed;
    }

    /** True for a three-letter upper-case code that the JDK knows as ISO 4217. */
    public static boolean isCurrencyCode(String code) {
        if (code == null || code.length() != 3 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
