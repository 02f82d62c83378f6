package dev.orderreturns.domain;

import dev.orderreturns.domain.InvoiceNotification.SkuLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.assertRefusedUnchanged;
import static dev.orderreturns.domain.Fixtures.line;
import static dev.orderreturns.domain.Fixtures.order;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.sale;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.Refusal.Kind.UNPROCESSABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InvoiceNotificationTest {

    private static InvoiceNotification output(String number, long value, SkuLine... lines) {
        return new InvoiceNotification(InvoiceType.OUTPUT, number, value, "2025-03-01T08:00:00Z", List.of(lines));
    }

    private static InvoiceNotification input(String number, long value, SkuLine... lines) {
        return new InvoiceNotification(InvoiceType.INPUT, number, value, "2025-03-01T08:00:00Z", List.of(lines));
    }

    private static SkuLine sku(String skuId, long quantity, long price) {
        return new SkuLine(skuId, quantity, price, null);
    }

    private static SkuLine sku(String skuId, long quantity, long price, String description) {
        return new SkuLine(skuId, quantity, price, description);
    }

    /** Items 0 and 2 share SKU "sku-a" (2 and 3 units); item 1 is "sku-b". One unit of item 0 is invoiced. */
    private static Order orderWithSharedSku() {
        List<OrderItem> items = List.of(
                new OrderItem(0, "u-0", "sku-a", "Shirt S", 2, 1000, 1000),
                new OrderItem(1, "u-1", "sku-b", "Socks", 1, 500, 500),
                new OrderItem(2, "u-2", "sku-a", "Shirt S (gift)", 3, 1000, 1000));
        return order(items, 1000, List.of(sale("NF-1", 2000, line(0, "sku-a", 1, 1000))));
    }

    // ---- Output ----

    @Test
    void outputIsSpreadOverTheItemsWithThatSkuNotYetInvoiced() {
        Order order = orderWithSharedSku();
        Invoice invoice = output("NF-2", 4500, sku("sku-a", 4, 1000), sku("sku-b", 1, 500))
                .toSaleInvoice(order, "rcpt-1", "fp-1", NOW);
        assertEquals(new Invoice(InvoiceType.OUTPUT, "NF-2", "2025-03-01T08:00:00Z", 4500,
                List.of(line(0, "sku-a", 1, 1000), line(2, "sku-a", 3, 1000), line(1, "sku-b", 1, 500)),
                "rcpt-1", null, "fp-1", NOW), invoice);
    }

    @Test
    void outputWithAnUnknownSkuIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "invoice-exceeds-order", List.of("items[1]"),
                () -> output("NF-2", 3000, sku("sku-c", 1, 3000), sku("sku-zzz", 1, 100))
                        .toSaleInvoice(order, "rcpt-1", "fp-1", NOW));
    }

    @Test
    void outputWithMoreUnitsThanLeftToInvoiceIsRefused() {
        Order order = standardOrder();
        // item 1 has 4 units, 3 already invoiced
        assertRefusedUnchanged(order, UNPROCESSABLE, "invoice-exceeds-order", List.of("items[0]"),
                () -> output("NF-2", 1800, sku("sku-b", 2, 900)).toSaleInvoice(order, "rcpt-1", "fp-1", NOW));
    }

    @Test
    void recordingTheSaleInvoiceMakesItsUnitsReturnable() {
        Order order = standardOrder();
        Invoice hat = output("NF-2", 3000, sku("sku-c", 1, 3000)).toSaleInvoice(order, "rcpt-1", "fp-1", NOW);
        assertEquals(hat, order.recordSaleInvoice(hat, NOW));
        assertEquals(1, order.returnableUnits(2));
        assertEquals(3000L, order.invoices().priceUnits(2, 0, 1).getFirst().unitPrice());
        // the same notification again answers the first invoice
        assertEquals(hat, order.recordSaleInvoice(hat, NOW));
        assertEquals(2, order.invoices().size());
    }

    @Test
    void recordingAnotherSaleInvoiceWithATakenNumberIsConflict() {
        Order order = standardOrder();
        Invoice other = new Invoice(InvoiceType.OUTPUT, "nf-100", "2025-03-01", 3000, List.of(line(2, "sku-c", 1, 3000)),
                "rcpt-1", null, "fp-1", NOW);
        assertRefusedUnchanged(order, Refusal.Kind.CONFLICT, "invoice-number-taken", List.of("invoiceNumber"),
                () -> order.recordSaleInvoice(other, NOW));
    }

    // ---- Input ----

    @Test
    void inputBecomesAReturnRequestWithTheValueAboveItsItemsAsAdditionalValue() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 3900, sku("sku-a", 2, 1250, "Damaged"), sku("sku-b", 1, 900, "Wrong size"))
                .toReturnRequest(order);
        // items 2 x 1250 + 1 x 900 = 3400; 3900 - 3400 = 500
        assertSameRequest(new ReturnRequest(List.of(units(0, 2), units(1, 1)), 500, null, "RET-9",
                "Damaged; Wrong size"), asked);
        assertEquals(List.of("items[0].id", "items[1].id"), asked.fields().lineItems());
    }

    @Test
    void inputWithoutExtraValueHasNoAdditionalValue() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 900, sku("sku-b", 1, 900, "Too small")).toReturnRequest(order);
        assertSameRequest(new ReturnRequest(List.of(units(1, 1)), 0, null, "RET-9", "Too small"), asked);
    }

    @Test
    void inputWithInvoiceValueBelowItsItemsValueIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "invoice-value-below-items", List.of("invoiceValue"),
                () -> input("RET-9", 3399, sku("sku-a", 2, 1250), sku("sku-b", 1, 900)).toReturnRequest(order));
    }

    @Test
    void inputWithPriceOtherThanTheInvoicedUnitPriceIsRefused() {
        Order order = standardOrder();
        // 1300 is the order item's selling price, but the sale invoice says 1250
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[1].price"),
                () -> input("RET-9", 2200, sku("sku-b", 1, 900), sku("sku-a", 1, 1300)).toReturnRequest(order));
    }

    @Test
    void inputForASkuNeverInvoicedIsRefusedOnItsPrice() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].price"),
                () -> input("RET-9", 3000, sku("sku-c", 1, 3000)).toReturnRequest(order));
    }

    @Test
    void inputWithAnUnknownSkuIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[1].id"),
                () -> input("RET-9", 1000, sku("sku-b", 1, 900), sku("sku-zzz", 1, 100)).toReturnRequest(order));
    }

    @Test
    void inputWithMoreUnitsThanReturnableIsRefused() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(1, 2)));
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].quantity"),
                () -> input("RET-9", 1800, sku("sku-b", 2, 900)).toReturnRequest(order));
    }

    @Test
    void inputUnitsOfASharedSkuGoToTheReturnableItemsInItemOrder() {
        Order order = orderWithSharedSku();
        // invoice the rest of sku-a: 1 more of item 0 and 3 of item 2
        order.recordSaleInvoice(output("NF-2", 4000, sku("sku-a", 4, 1000)).toSaleInvoice(order, "r", "fp", NOW), NOW);
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        ReturnRequest asked = input("RET-9", 3000, sku("sku-a", 3, 1000)).toReturnRequest(order);
        assertEquals(List.of(units(0, 1), units(2, 2)), asked.items());
        assertEquals(List.of("items[0].id", "items[0].id"), asked.fields().lineItems());
        assertEquals(0, asked.additionalValue());
    }

    @Test
    void reasonIsTheJoinedDistinctDescriptions() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 3400,
                sku("sku-a", 1, 1250, "  Damaged "), sku("sku-b", 1, 900, "Damaged"), sku("sku-a", 1, 1250, "Late"))
                .toReturnRequest(order);
        assertEquals("Damaged; Late", asked.reason());
        // two lines of the same SKU make one return line
        assertEquals(List.of(units(0, 2), units(1, 1)), asked.items());
    }

    @Test
    void reasonIsReturnInvoiceWhenNoDescriptionIsGiven() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 900, sku("sku-b", 1, 900, null)).toReturnRequest(order);
        assertEquals("Return invoice", asked.reason());
        assertEquals(InvoiceNotification.DEFAULT_RETURN_REASON, asked.reason());
        ReturnRequest blank = input("RET-9", 900, sku("sku-b", 1, 900, "   ")).toReturnRequest(order);
        assertEquals("Return invoice", blank.reason());
        assertNull(blank.referredTo());
    }

    @Test
    void reasonLongerThanAllowedIsCutTo500Characters() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 2150, sku("sku-a", 1, 1250, "a".repeat(400)), sku("sku-b", 1, 900,
                "b".repeat(400))).toReturnRequest(order);
        assertEquals(500, asked.reason().length());
        assertEquals("a".repeat(400) + "; " + "b".repeat(98), asked.reason());
    }

    @Test
    void valueOnlyInputBecomesAValueOnlyReturn() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 700).toReturnRequest(order);
        assertSameRequest(new ReturnRequest(List.of(), 700, null, "RET-9", "Return invoice"), asked);
        assertEquals(List.of(), asked.fields().lineItems());
    }

    @Test
    void anInputRequestNamesTheNotificationsFields() {
        Order order = standardOrder();
        ReturnRequest asked = input("RET-9", 2150, sku("sku-b", 1, 900, "Late"), sku("sku-a", 1, 1250))
                .toReturnRequest(order);
        assertEquals(new ReturnFields("invoiceNumber", "invoiceValue", "items", null, "items",
                List.of("items[0].id", "items[1].id"), List.of("items[0].quantity", "items[1].quantity")),
                asked.fields());
    }

    @Test
    void notificationFieldOfASpreadSkuPointsBackToItsLine() {
        Order order = orderWithSharedSku();
        order.recordSaleInvoice(output("NF-2", 4500, sku("sku-a", 4, 1000), sku("sku-b", 1, 500))
                .toSaleInvoice(order, "r", "fp", NOW), NOW);
        ReturnRequest asked = input("RET-9", 4500, sku("sku-b", 1, 500), sku("sku-a", 4, 1000)).toReturnRequest(order);
        assertEquals(List.of(units(1, 1), units(0, 2), units(2, 2)), asked.items());
        assertEquals(List.of("items[0].id", "items[1].id", "items[1].id"), asked.fields().lineItems());
        assertEquals("items[0].id", asked.fields().lineItem(0));
        assertEquals("items[1].quantity", asked.fields().lineQuantity(1));
        assertEquals("items[1].quantity", asked.fields().lineQuantity(2));
        assertEquals("items[1].id", asked.fields().lineItem(2));
    }

    @Test
    void overflowingInputIsARefusalNotAnException() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "amount-out-of-range", List.of("items"),
                () -> input("RET-9", 0, sku("sku-b", Long.MAX_VALUE, 900)).toReturnRequest(order));
    }

    /** Same request as the operator form would make, whatever fields name it. */
    private static void assertSameRequest(ReturnRequest expected, ReturnRequest actual) {
        assertEquals(expected, new ReturnRequest(actual.items(), actual.additionalValue(), actual.referredTo(),
                actual.entranceInvoiceNumber(), actual.reason()));
    }
}
