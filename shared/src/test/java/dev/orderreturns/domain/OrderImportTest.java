package dev.orderreturns.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.assertRefused;
import static dev.orderreturns.domain.Fixtures.assertRefusedUnchanged;
import static dev.orderreturns.domain.Fixtures.line;
import static dev.orderreturns.domain.Fixtures.order;
import static dev.orderreturns.domain.Fixtures.payments;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.sale;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.standardSale;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.Refusal.Kind.CONFLICT;
import static dev.orderreturns.domain.Refusal.Kind.INVALID;
import static dev.orderreturns.domain.Refusal.Kind.UNPROCESSABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderImportTest {

    private static final Instant LATER = Instant.parse("2025-03-05T08:00:00Z");

    private static List<OrderItem> itemsWithQuantity(int index, long quantity) {
        List<OrderItem> items = new ArrayList<>(standardItems());
        OrderItem old = items.get(index);
        items.set(index, new OrderItem(old.index(), old.uniqueId(), old.skuId(), old.name(), quantity, old.price(),
                old.sellingPrice()));
        return items;
    }

    private static Order incoming(String status, List<OrderItem> items, String currency, long shipping,
                                  List<Payment> payments, List<Invoice> sales) {
        return Order.imported(ACCOUNT, ORDER_ID, new OrderDetails(status, "2025-02-19T12:00:00Z", currency, items, totals(shipping), payments, "buyer@example.com"),
                sales, LATER);
    }

    @Test
    void importedOrderHasItsSaleInvoicesAndReturnableUnits() {
        Order order = standardOrder();
        assertEquals(ACCOUNT, order.account());
        assertEquals(ORDER_ID, order.orderId());
        assertEquals("USD", order.currency());
        assertEquals(List.of(standardSale()), order.invoices().all());
        assertEquals(List.of(), order.returns().all());
        assertEquals(0, order.version());
        assertEquals(IMPORTED_AT, order.importedAt());
        assertEquals(IMPORTED_AT, order.updatedAt());
        assertEquals(7200, order.invoices().invoicedValue());
        assertEquals(0, order.returns().refundedValue());
        assertEquals(2, order.invoices().invoicedUnits(0));
        assertEquals(3, order.invoices().invoicedUnits(1));
        assertEquals(0, order.invoices().invoicedUnits(2));
        assertEquals(1250L, order.invoices().priceUnits(0, 0, 1).getFirst().unitPrice());
        assertTrue(order.invoices().priceUnits(2, 0, 1).isEmpty());
        assertTrue(order.returns().nextDueAt().isEmpty());
    }

    @Test
    void saleInvoiceInvoicingMoreUnitsThanTheItemHasIsUnprocessable() {
        assertRefused(UNPROCESSABLE, "invoice-exceeds-order", List.of("packageAttachment.packages[0].items[1].quantity"),
                () -> order(standardItems(), 2000, List.of(sale("NF-1", 100,
                        line(0, "sku-a", 2, 1250), line(1, "sku-b", 5, 900)))));
    }

    @Test
    void unitsSpreadOverTwoSaleInvoicesMayNotExceedTheItem() {
        assertRefused(UNPROCESSABLE, "invoice-exceeds-order", List.of("packageAttachment.packages[1].items[0].quantity"),
                () -> order(standardItems(), 2000, List.of(
                        sale("NF-1", 1250, line(0, "sku-a", 1, 1250)),
                        sale("NF-2", 2500, line(0, "sku-a", 2, 1250)))));
    }

    @Test
    void unknownItemIndexOnAPackageIsUnprocessable() {
        assertRefused(UNPROCESSABLE, "invoice-exceeds-order", List.of("packageAttachment.packages[0].items[1]"),
                () -> order(standardItems(), 2000, List.of(sale("NF-1", 100,
                        line(0, "sku-a", 1, 1250), line(3, "sku-x", 1, 900)))));
        assertRefused(UNPROCESSABLE, "invoice-exceeds-order", List.of("packageAttachment.packages[0].items[0]"),
                () -> order(standardItems(), 2000, List.of(sale("NF-1", 100, line(-1, "sku-x", 1, 900)))));
    }

    @Test
    void badCurrencyIsInvalid() {
        for (String currency : new String[] {"usd", "ZZZ", "US", "", "DOLLAR"}) {
            assertRefused(INVALID, "invalid-request", List.of("storePreferencesData.currencyCode"),
                    () -> order(currency, standardItems(), 2000, List.of(standardSale())));
        }
    }

    @Test
    void orderWithoutItemsIsInvalid() {
        assertRefused(INVALID, "invalid-request", List.of("items"), () -> order(List.of(), 2000, List.of()));
    }

    @Test
    void itemWithoutUnitsOrNegativePricesIsInvalid() {
        List<OrderItem> items = List.of(
                new OrderItem(0, "u-0", "sku-a", "Shirt", 0, 1500, 1300),
                new OrderItem(1, "u-1", "sku-b", "Socks", 1, -1, -2));
        assertRefused(INVALID, "invalid-request",
                List.of("items[0].quantity", "items[1].price", "items[1].sellingPrice"),
                () -> order(items, 2000, List.of()));
    }

    @Test
    void negativeShippingIsInvalid() {
        assertRefused(INVALID, "invalid-request", List.of("totals"), () -> order(standardItems(), -1, List.of()));
    }

    @Test
    void twoPackagesWithTheSameInvoiceNumberConflict() {
        assertRefused(CONFLICT, "invoice-number-taken", List.of("packageAttachment.packages[1].invoiceNumber"),
                () -> order(standardItems(), 2000, List.of(
                        sale("NF-1", 1250, line(0, "sku-a", 1, 1250)),
                        sale("nf-1", 900, line(1, "sku-b", 1, 900)))));
    }

    // ---- re-import ----

    @Test
    void reimportWithAChangedItemAfterAReturnIsConflict() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        Order changed = incoming("invoiced", itemsWithQuantity(1, 5), "USD", 2000, payments(),
                List.of(standardSale()));
        assertRefusedUnchanged(order, CONFLICT, "order-has-returns", List.of("items"),
                () -> order.reimport(changed, LATER));
    }

    @Test
    void reimportChangingCurrencyShippingAndPaymentsAfterAReturnNamesEveryField() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        Order changed = incoming("invoiced", itemsWithQuantity(1, 5), "EUR", 2500,
                List.of(new Payment("tx-2", "pay-2", "Mastercard", 11600)), List.of(standardSale()));
        assertRefusedUnchanged(order, CONFLICT, "order-has-returns",
                List.of("items", "storePreferencesData.currencyCode", "totals", "paymentData"),
                () -> order.reimport(changed, LATER));
    }

    @Test
    void reimportWithoutChangesAfterAReturnIsAccepted() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        order.reimport(incoming("delivered", standardItems(), "USD", 2000, payments(), List.of(standardSale())), LATER);
        assertEquals("delivered", order.status());
        assertEquals(LATER, order.updatedAt());
        assertEquals(2, order.invoices().size());
        assertEquals(1, order.returns().size());
        assertEquals(1, order.returnableUnits(0));
    }

    @Test
    void reimportAddingANewPackageInvoiceWorks() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(1, 1)));
        Invoice hat = sale("NF-101", 3000, line(2, "sku-c", 1, 3000));
        order.reimport(incoming("invoiced", standardItems(), "USD", 2000, payments(),
                List.of(standardSale(), hat)), LATER);
        assertEquals(3, order.invoices().size());
        assertEquals(hat, order.invoices().find("NF-101").orElseThrow());
        assertEquals(1, order.invoices().invoicedUnits(2));
        assertEquals(1, order.returnableUnits(2));
        assertEquals(10200, order.invoices().invoicedValue());
        assertEquals(LATER, order.updatedAt());

        // and the newly invoiced item can now be returned at its invoice price
        OrderReturn r = submit(order, "ret-2", request("RET-2", 0, units(2, 1)));
        assertEquals(3000, r.plan().itemsValue().minorUnits());
    }

    @Test
    void reimportWithAnExistingInvoiceNumberButDifferentLinesIsConflict() {
        Order order = standardOrder();
        Invoice other = sale("NF-100", 7200, line(0, "sku-a", 1, 1250), line(1, "sku-b", 3, 900));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken",
                List.of("packageAttachment.packages[0].invoiceNumber"),
                () -> order.reimport(incoming("invoiced", standardItems(), "USD", 2000, payments(), List.of(other)),
                        LATER));
    }

    @Test
    void reimportWithAnExistingInvoiceNumberButDifferentValueIsConflict() {
        Order order = standardOrder();
        Invoice other = sale("nf-100", 7100, line(0, "sku-a", 2, 1250), line(1, "sku-b", 3, 900));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken",
                List.of("packageAttachment.packages[0].invoiceNumber"),
                () -> order.reimport(incoming("invoiced", standardItems(), "USD", 2000, payments(), List.of(other)),
                        LATER));
    }

    @Test
    void reimportWithAPackageNumberedLikeAReturnsEntranceInvoiceIsConflict() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        Invoice clash = sale("RET-1", 3000, line(2, "sku-c", 1, 3000));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken",
                List.of("packageAttachment.packages[1].invoiceNumber"),
                () -> order.reimport(incoming("invoiced", standardItems(), "USD", 2000, payments(),
                        List.of(standardSale(), clash)), LATER));
    }

    @Test
    void reimportWithoutReturnsMayChangeTheItems() {
        Order order = standardOrder();
        List<OrderItem> more = itemsWithQuantity(2, 3);
        order.reimport(incoming("invoiced", more, "USD", 2500, payments(), List.of()), LATER);
        assertEquals(more, order.items());
        assertEquals(2500, order.totals().shipping());
        // sale invoices already recorded are kept
        assertEquals(List.of(standardSale()), order.invoices().all());
    }

    // regression: a refused re-import used to leave the packages before the conflicting one, and the new
    // status and items, on the order (fixed in main on 2026-11-26)
    @Test
    void refusedReimportLeavesNoNewInvoiceBehind() {
        Order order = standardOrder();
        Invoice hat = sale("NF-101", 3000, line(2, "sku-c", 1, 3000));
        Invoice changedSale = sale("NF-100", 7200, line(0, "sku-a", 1, 1250), line(1, "sku-b", 3, 900));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken",
                List.of("packageAttachment.packages[1].invoiceNumber"),
                () -> order.reimport(incoming("delivered", standardItems(), "USD", 2000, payments(),
                        List.of(hat, changedSale)), LATER));
    }

    @Test
    void refusedReimportKeepsTheOldItemsWhenRecordedSalesNoLongerFit() {
        Order order = standardOrder();
        // 3 units of item 1 are invoiced; the re-import says the order has only 2
        assertRefusedUnchanged(order, UNPROCESSABLE, "invoice-exceeds-order",
                List.of("packageAttachment.packages.items[1].quantity"),
                () -> order.reimport(incoming("delivered", itemsWithQuantity(1, 2), "USD", 2000, payments(),
                        List.of()), LATER));
    }
}
