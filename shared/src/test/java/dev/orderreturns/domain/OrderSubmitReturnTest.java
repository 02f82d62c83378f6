package dev.orderreturns.domain;

import dev.orderreturns.domain.rules.LineQuantitiesRule;
import dev.orderreturns.domain.rules.ReasonAndReferredToRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.DUE;
import static dev.orderreturns.domain.Fixtures.ISSUED;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.REASON;
import static dev.orderreturns.domain.Fixtures.assertRefusedUnchanged;
import static dev.orderreturns.domain.Fixtures.fields;
import static dev.orderreturns.domain.Fixtures.line;
import static dev.orderreturns.domain.Fixtures.order;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.sale;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.Refusal.Kind.CONFLICT;
import static dev.orderreturns.domain.Refusal.Kind.INVALID;
import static dev.orderreturns.domain.Refusal.Kind.UNPROCESSABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderSubmitReturnTest {

    private static final String INVALID_REQUEST = "invalid-request";

    private static ReturnRequest requestWith(String invoiceNumber, String reason, String referredTo) {
        return new ReturnRequest(List.of(units(0, 1)), 0, referredTo, invoiceNumber, reason);
    }

    // ---- a valid return ----

    @Test
    void validReturnIsRecordedPendingWithItsLinesPlanAndDueTime() {
        Order order = standardOrder();
        ReturnRequest req = new ReturnRequest(List.of(units(0, 1), units(1, 2)), 1200, "Shipping refund", "RET-1",
                REASON);
        OrderReturn r = submit(order, "ret-1", req);

        assertEquals("ret-1", r.returnId());
        assertEquals("RET-1", r.entranceInvoiceNumber());
        assertEquals(REASON, r.reason());
        assertEquals("Shipping refund", r.referredTo());
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(NOW, r.createdAt());
        assertEquals(DUE, r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(new ReturnLine(0, "sku-a", 1, 1250), new ReturnLine(1, "sku-b", 2, 900)), r.lines());
        // items 1250 + 1800 = 3050 chargeback; additional 1200 -> 600 chargeback + 600 gift card
        assertEquals(RefundPlan.of("USD", 3050, 1200, 3650, 600), r.plan());
        assertEquals(4250, r.plan().total().minorUnits());

        assertEquals(1, order.returns().size());
        assertSame(r, order.returns().find("ret-1").orElseThrow());
        assertEquals(NOW, order.updatedAt());
        assertEquals(4250, order.returns().refundedValue());
        assertEquals(1200, order.returns().additionalValueReturned());
        assertEquals(DUE, order.returns().nextDueAt().orElseThrow());
    }

    @Test
    void unitPriceIsTakenFromTheSaleInvoiceNotTheOrderItem() {
        Order order = standardOrder();
        assertEquals(1300, order.items().get(0).sellingPrice());
        assertEquals(1500, order.items().get(0).price());
        OrderReturn r = submit(order, "ret-1", request("RET-1", 0, units(0, 2)));
        assertEquals(List.of(new ReturnLine(0, "sku-a", 2, 1250)), r.lines());
        assertEquals(2500, r.plan().itemsValue().minorUnits());
        assertEquals(2500, r.plan().chargeback().minorUnits());
        assertEquals(0, r.plan().giftCard().minorUnits());
    }

    @Test
    void historyHasOnePendingEntryWithTheActor() {
        Order order = standardOrder();
        OrderReturn r = submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        assertEquals(1, r.history().size());
        HistoryEntry entry = r.history().getFirst();
        assertEquals(NOW, entry.at());
        assertEquals(RefundStatus.PENDING, entry.status());
        assertEquals(ACTOR, entry.actor());
        assertTrue(entry.note().contains("RET-1"), entry.note());
    }

    @Test
    void entranceInputInvoiceIsAddedWithValueEqualToRefundTotal() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 1200, units(0, 1), units(1, 2)));
        assertEquals(2, order.invoices().size());
        assertEquals(Fixtures.standardSale(), order.invoices().all().get(0));
        Invoice input = order.invoices().all().get(1);
        assertEquals(new Invoice(InvoiceType.INPUT, "RET-1", ISSUED, 4250,
                List.of(line(0, "sku-a", 1, 1250), line(1, "sku-b", 2, 900)), "ret-1", "ret-1", null, NOW), input);
        assertEquals(input, order.invoices().find("ret-1").orElseThrow());
        // an Input invoice is not a sale: nothing more becomes returnable or invoiced
        assertEquals(2, order.invoices().invoicedUnits(0));
        assertEquals(Fixtures.SALE_INVOICE_VALUE, order.invoices().invoicedValue());
    }

    @Test
    void returnableUnitsPerItemAfterReturns() {
        Order order = standardOrder();
        assertEquals(2, order.returnableUnits(0));
        assertEquals(3, order.returnableUnits(1));
        assertEquals(0, order.returnableUnits(2));

        submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(1, 2)));
        assertEquals(2, order.invoices().invoicedUnits(0));
        assertEquals(1, order.returns().returnedUnits(0));
        assertEquals(1, order.returnableUnits(0));
        assertEquals(3, order.invoices().invoicedUnits(1));
        assertEquals(2, order.returns().returnedUnits(1));
        assertEquals(1, order.returnableUnits(1));

        submit(order, "ret-2", request("RET-2", 0, units(0, 1), units(1, 1)));
        assertEquals(2, order.returns().returnedUnits(0));
        assertEquals(0, order.returnableUnits(0));
        assertEquals(3, order.returns().returnedUnits(1));
        assertEquals(0, order.returnableUnits(1));
        assertEquals(0, order.returns().returnedUnits(2));
    }

    // ---- refund parts ----

    @Test
    void refundPartsHaveStableDistinctRequestIdsPerPart() {
        Order order = standardOrder();
        OrderReturn r = submit(order, "ret-1", request("RET-1", 1200, units(0, 1)));
        assertEquals(List.of(
                RefundPart.chargeback("ret-1", "pay-1", Money.of(1850, "USD")),
                RefundPart.giftCard("ret-1", Money.of(600, "USD"))),
                r.parts());
        assertNotEquals(r.parts().get(0).requestId(), r.parts().get(1).requestId());

        // the same return recorded again (e.g. on a retry) gets the same request ids
        OrderReturn again = submit(standardOrder(), "ret-1", request("RET-1", 1200, units(0, 1)));
        assertEquals(r.parts(), again.parts());

        // another return of the same order has request ids of its own
        OrderReturn other = submit(order, "ret-2", request("RET-2", 400, units(0, 1)));
        List<String> all = new ArrayList<>();
        r.parts().forEach(p -> all.add(p.requestId()));
        other.parts().forEach(p -> all.add(p.requestId()));
        assertEquals(4, all.stream().distinct().count(), all.toString());
    }

    @Test
    void zeroAmountGiftCardPartIsOmittedForItemsOnlyReturn() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 0, units(1, 1)));
        assertEquals(List.of(RefundPart.chargeback("ret-1", "pay-1", Money.of(900, "USD"))), r.parts());
    }

    @Test
    void zeroAmountGiftCardPartIsOmittedWhenAdditionalValueIsTheWholeShipping() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 2000));
        assertEquals(RefundPlan.of("USD", 0, 2000, 2000, 0), r.plan());
        assertEquals(List.of(RefundPart.chargeback("ret-1", "pay-1", Money.of(2000, "USD"))), r.parts());
    }

    @Test
    void zeroAmountGiftCardPartIsOmittedForOneCentAdditionalValue() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 1));
        assertEquals(RefundPlan.of("USD", 0, 1, 1, 0), r.plan());
        assertEquals(1, r.parts().size());
        assertEquals(RefundPartKind.CHARGEBACK, r.parts().getFirst().kind());
    }

    @Test
    void freeItemReturnHasNoPartsAtAll() {
        Order order = order(standardItems(), 2000, List.of(sale("NF-100", 2000, line(0, "sku-a", 1, 0))));
        OrderReturn r = submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        assertEquals(RefundPlan.of("USD", 0, 0, 0, 0), r.plan());
        assertEquals(List.of(), r.parts());
    }

    @Test
    void valueOnlyReturnIsAccepted() {
        Order order = standardOrder();
        OrderReturn r = submit(order, "ret-1", request("RET-1", 500));
        assertEquals(List.of(), r.lines());
        assertEquals(RefundPlan.of("USD", 0, 500, 250, 250), r.plan());
        assertEquals(new Invoice(InvoiceType.INPUT, "RET-1", ISSUED, 500, List.of(), "ret-1", "ret-1", null, NOW),
                order.invoices().all().get(1));
        assertEquals(2, order.returnableUnits(0));
    }

    // ---- R5: cumulative shipping cap ----

    @Test
    void cumulativeShippingCapAcrossTwoReturns() {
        Order order = standardOrder();
        OrderReturn first = submit(order, "ret-1", request("RET-1", 1200, units(0, 1)));
        assertEquals(RefundPlan.of("USD", 1250, 1200, 1850, 600), first.plan());

        assertRefusedUnchanged(order, UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("additionalValue"),
                () -> submit(order, "ret-2", request("RET-2", 900)));
        assertRefusedUnchanged(order, UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("additionalValue"),
                () -> submit(order, "ret-2", request("RET-2", 900, units(1, 1))));

        OrderReturn second = submit(order, "ret-2", request("RET-2", 800));
        assertEquals(RefundPlan.of("USD", 0, 800, 400, 400), second.plan());
        assertEquals(2000, order.returns().additionalValueReturned());

        assertRefusedUnchanged(order, UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("additionalValue"),
                () -> submit(order, "ret-3", request("RET-3", 1, units(1, 1))));
        // items alone are still fine once the shipping is used up
        submit(order, "ret-3", request("RET-3", 0, units(1, 1)));
        assertEquals(3, order.returns().size());
    }

    @Test
    void additionalValueAboveShippingOnFirstReturnIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "additional-value-exceeds-shipping", List.of("additionalValue"),
                () -> submit(order, "ret-1", request("RET-1", 2001)));
    }

    // ---- R3: entrance invoice number ----

    @Test
    void entranceInvoiceNumberClashingWithSaleInvoiceIsConflict() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken", List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-1", request("NF-100", 0, units(0, 1))));
    }

    @Test
    void entranceInvoiceNumberClashingWithSaleInvoiceIgnoresCase() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken", List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-1", request("nf-100", 0, units(0, 1))));
    }

    @Test
    void entranceInvoiceNumberClashingWithEarlierReturnIsConflict() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken", List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-2", request("RET-1", 0, units(0, 1))));
        assertRefusedUnchanged(order, CONFLICT, "invoice-number-taken", List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-2", request("ret-1", 0, units(0, 1))));
    }

    @Test
    void entranceInvoiceNumberWithForbiddenCharactersIsInvalid() {
        Order order = standardOrder();
        for (String number : new String[] {"RET#1", "RET/1", "RET 1", " RET1", "RET1 ", "RÉT1", "RET\n1"}) {
            assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("entranceInvoiceNumber"),
                    () -> submit(order, "ret-1", request(number, 0, units(0, 1))));
        }
    }

    @Test
    void entranceInvoiceNumberMissingIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-1", request(null, 0, units(0, 1))));
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-1", request("", 0, units(0, 1))));
    }

    @Test
    void entranceInvoiceNumberAllowedCharactersAndFiftyCharsAccepted() {
        Order order = standardOrder();
        submit(order, "ret-1", request("Ab9-_.z", 0, units(0, 1)));
        String fifty = "R".repeat(50);
        submit(order, "ret-2", request(fifty, 0, units(1, 1)));
        assertEquals(fifty, order.returns().find("ret-2").orElseThrow().entranceInvoiceNumber());
    }

    @Test
    void entranceInvoiceNumberOfFiftyOneCharsIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("entranceInvoiceNumber"),
                () -> submit(order, "ret-1", request("R".repeat(51), 0, units(0, 1))));
    }

    // ---- R1: returnable units ----

    @Test
    void moreUnitsThanInvoicedIsRefused() {
        Order order = standardOrder();
        // the order has 4 units of item 1 but only 3 were invoiced
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[1].quantity"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(1, 4))));
    }

    @Test
    void moreUnitsThanInvoicedMinusReturnedIsRefused() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(1, 2)));
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].quantity"),
                () -> submit(order, "ret-2", request("RET-2", 0, units(1, 2))));
        OrderReturn ok = submit(order, "ret-2", request("RET-2", 0, units(1, 1)));
        assertEquals(1, ok.unitsOf(1));
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable", List.of("items[0].quantity"),
                () -> submit(order, "ret-3", request("RET-3", 0, units(1, 1))));
    }

    @Test
    void everyLineOverItsUnitsIsReported() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "units-exceed-returnable",
                List.of("items[0].quantity", "items[1].quantity"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 3), units(1, 4))));
    }

    @Test
    void itemNeverInvoicedIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "item-not-invoiced", List.of("items[0].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(2, 1))));
        assertRefusedUnchanged(order, UNPROCESSABLE, "item-not-invoiced", List.of("items[1].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(2, 1))));
    }

    @Test
    void itemIndexTheOrderDoesNotHaveIsRefused() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, UNPROCESSABLE, "unknown-item", List.of("items[0].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(3, 1))));
        assertRefusedUnchanged(order, UNPROCESSABLE, "unknown-item", List.of("items[1].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(Long.MAX_VALUE, 1))));
    }

    @Test
    void negativeItemIndexIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[0].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(-1, 1))));
    }

    // ---- R2: lines ----

    @Test
    void sameItemTwiceInOneReturnIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[1].itemIndex"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(0, 1))));
    }

    @Test
    void quantityZeroIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[0].quantity"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 0))));
    }

    @Test
    void negativeQuantityIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[1].quantity"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, 1), units(1, -1))));
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[0].quantity"),
                () -> submit(order, "ret-1", request("RET-1", 0, units(0, Long.MIN_VALUE))));
    }

    @Test
    void negativeAdditionalValueIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("additionalValue"),
                () -> submit(order, "ret-1", request("RET-1", -1, units(0, 1))));
    }

    @Test
    void emptyReturnWithoutAdditionalValueIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items"),
                () -> submit(order, "ret-1", request("RET-1", 0)));
    }

    @Test
    void everyMalformedFieldIsReportedAtOnce() {
        Order order = standardOrder();
        ReturnRequest bad = new ReturnRequest(List.of(units(0, 0), units(0, 1)), -5, "x".repeat(201), "A#1", " ");
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST,
                List.of("items[0].quantity", "items[1].itemIndex", "additionalValue", "entranceInvoiceNumber",
                        "reason", "referredTo"),
                () -> submit(order, "ret-1", bad));
    }

    @Test
    void malformedRequestIsInvalidBeforeInvoiceNumberClash() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items[0].quantity"),
                () -> submit(order, "ret-1", request("NF-100", 0, units(0, 0))));
    }

    @Test
    void tooManyLinesIsInvalid() {
        Order order = standardOrder();
        ReturnRequest.Units[] lines = new ReturnRequest.Units[LineQuantitiesRule.MAX_LINES + 1];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = units(i, 1);
        }
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("items"),
                () -> submit(order, "ret-1", request("RET-1", 0, lines)));
    }

    // ---- R4: reason and referred to ----

    @Test
    void missingReasonIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("reason"),
                () -> submit(order, "ret-1", requestWith("RET-1", null, null)));
    }

    @Test
    void emptyOrBlankReasonIsInvalid() {
        Order order = standardOrder();
        for (String reason : new String[] {"", " ", "  \t\n"}) {
            assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("reason"),
                    () -> submit(order, "ret-1", requestWith("RET-1", reason, null)));
        }
    }

    @Test
    void reasonOver500CharactersIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("reason"),
                () -> submit(order, "ret-1", requestWith("RET-1", "r".repeat(501), null)));
    }

    @Test
    void reasonOfOneAnd500CharactersIsAccepted() {
        Order order = standardOrder();
        assertEquals("r", submit(order, "ret-1", new ReturnRequest(List.of(units(0, 1)), 0, null, "RET-1", "r"))
                .reason());
        String longest = "r".repeat(500);
        assertEquals(longest, submit(order, "ret-2", new ReturnRequest(List.of(units(0, 1)), 0, null, "RET-2",
                longest)).reason());
    }

    @Test
    void referredToOver200CharactersIsInvalid() {
        Order order = standardOrder();
        assertRefusedUnchanged(order, INVALID, INVALID_REQUEST, List.of("referredTo"),
                () -> submit(order, "ret-1", requestWith("RET-1", REASON, "x".repeat(201))));
    }

    @Test
    void referredToOf200CharactersOrMissingIsAccepted() {
        Order order = standardOrder();
        assertEquals("x".repeat(200), submit(order, "ret-1", requestWith("RET-1", REASON, "x".repeat(200)))
                .referredTo());
        assertNull(submit(order, "ret-2", requestWith("RET-2", REASON, null)).referredTo());
    }

    // ---- R7: never refund more than was invoiced ----

    @Test
    void refundsOverAllReturnsNeverExceedTheInvoicedValue() {
        // invoiced 3000 for 2 x 1250 of items and 2000 of shipping: less than items + shipping (4500)
        Order order = order(standardItems(), 2000, List.of(sale("NF-100", 3000, line(0, "sku-a", 2, 1250))));
        submit(order, "ret-1", request("RET-1", 0, units(0, 2)));
        assertEquals(2500, order.returns().refundedValue());

        assertRefusedUnchanged(order, UNPROCESSABLE, "refund-exceeds-invoiced", List.of("additionalValue"),
                () -> submit(order, "ret-2", request("RET-2", 501)));
        submit(order, "ret-2", request("RET-2", 500));
        assertEquals(3000, order.returns().refundedValue());
        assertRefusedUnchanged(order, UNPROCESSABLE, "refund-exceeds-invoiced", List.of("additionalValue"),
                () -> submit(order, "ret-3", request("RET-3", 1)));
        assertTrue(order.returns().refundedValue() <= order.invoices().invoicedValue());
    }

    @Test
    void aSaleInvoiceWhoseLinesExceedItsValueIsRefusedSoItemsAloneCanNeverExceedWhatWasInvoiced() {
        // Refunds are priced from the lines; lines above the invoice's value would let items alone
        // refund more than was charged. Such an invoice is refused when it is recorded (R7).
        Refusal refusal = assertThrows(Refusal.class,
                () -> order(standardItems(), 2000, List.of(sale("NF-100", 2000, line(0, "sku-a", 2, 1250)))));
        assertEquals("invoice-lines-exceed-value", refusal.type());
        assertEquals(List.of("packageAttachment.packages[0].invoiceValue"), fields(refusal));
    }

    // ---- overflow ----

    @Test
    void amountsThatOverflowAreRefusedWhenTheSaleIsRecordedNotAnException() {
        long huge = 4_000_000_000_000_000_000L;
        List<OrderItem> items = List.of(new OrderItem(0, "u-0", "sku-a", "Bolt", huge, 1000, 1000));
        Refusal refusal = assertThrows(Refusal.class,
                () -> order(items, 0, List.of(sale("NF-1", Long.MAX_VALUE, line(0, "sku-a", huge, 1000)))));
        assertEquals("amount-out-of-range", refusal.type());
        assertEquals(List.of("packageAttachment.packages[0].items"), fields(refusal));

        long many = 1_000_000_000_000_000_000L;
        List<OrderItem> two = List.of(new OrderItem(0, "u-0", "sku-a", "Bolt", many, 5, 5),
                new OrderItem(1, "u-1", "sku-b", "Nut", many, 5, 5));
        assertEquals("amount-out-of-range", assertThrows(Refusal.class, () -> order(two, 0, List.of(sale("NF-1",
                Long.MAX_VALUE, line(0, "sku-a", many, 5), line(1, "sku-b", many, 5))))).type());
    }
}
