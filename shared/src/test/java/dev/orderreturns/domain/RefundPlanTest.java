package dev.orderreturns.domain;

import dev.orderreturns.domain.rules.RefundSplitRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefundPlanTest {

    private static void assertPlan(RefundPlan plan, long itemsValue, long additionalValue, long chargeback,
                                   long giftCard) {
        assertEquals("USD", plan.currency());
        assertEquals(itemsValue, plan.itemsValue().minorUnits(), "itemsValue");
        assertEquals(additionalValue, plan.additionalValue().minorUnits(), "additionalValue");
        assertEquals(chargeback, plan.chargeback().minorUnits(), "chargeback");
        assertEquals(giftCard, plan.giftCard().minorUnits(), "giftCard");
        assertEquals(itemsValue + additionalValue, plan.total().minorUnits(), "total");
    }

    /** R6 on minor units of USD. */
    private static RefundPlan split(long itemsValue, long additionalValue, long shippingTotal) {
        return RefundSplitRule.split(Money.of(itemsValue, "USD"), Money.of(additionalValue, "USD"),
                Money.of(shippingTotal, "USD"));
    }

    @Test
    void sourceExampleShipping2000Additional1200IsHalfChargebackHalfGiftCard() {
        assertPlan(split(0, 1200, 2000), 0, 1200, 600, 600);
    }

    @Test
    void oddAdditionalValueGivesTheOddCentToTheChargeback() {
        assertPlan(split(0, 1201, 2000), 0, 1201, 601, 600);
        assertPlan(split(0, 1, 2000), 0, 1, 1, 0);
    }

    @Test
    void additionalValueEqualToTotalShippingIsAllChargeback() {
        assertPlan(split(0, 2000, 2000), 0, 2000, 2000, 0);
        assertPlan(split(2500, 2001, 2001), 2500, 2001, 4501, 0);
    }

    @Test
    void itemsValueIsAlwaysAllChargeback() {
        assertPlan(split(3400, 0, 2000), 3400, 0, 3400, 0);
        assertPlan(split(3400, 0, 0), 3400, 0, 3400, 0);
        assertPlan(split(3400, 1200, 2000), 3400, 1200, 4000, 600);
        assertPlan(split(3400, 2000, 2000), 3400, 2000, 5400, 0);
    }

    @Test
    void valueOnlyReturnHasNoItemsValue() {
        RefundPlan plan = split(0, 500, 2000);
        assertPlan(plan, 0, 500, 250, 250);
        assertEquals(Money.of(250, "USD"), plan.chargeback());
        assertEquals(Money.of(250, "USD"), plan.giftCard());
    }

    @Test
    void everyCentIsAccountedForOverARangeOfValues() {
        long[] shippings = {0, 1, 2, 3, 99, 100, 1999, 2000, 2001};
        long[] itemValues = {0, 1, 1250, 999_999};
        for (long shipping : shippings) {
            for (long items : itemValues) {
                for (long additional = 0; additional <= shipping; additional++) {
                    RefundPlan plan = split(items, additional, shipping);
                    String at = "items " + items + ", additional " + additional + ", shipping " + shipping;
                    assertEquals(items + additional,
                            plan.chargeback().minorUnits() + plan.giftCard().minorUnits(), at);
                    assertEquals(items + additional, plan.total().minorUnits(), at);
                    long expectedGiftCard = additional == shipping ? 0 : additional / 2;
                    assertEquals(expectedGiftCard, plan.giftCard().minorUnits(), at);
                    assertEquals(items + additional - expectedGiftCard, plan.chargeback().minorUnits(), at);
                }
            }
        }
    }

    @Test
    void constructorRefusesNegativeAmounts() {
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.of("USD", -1, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.of("USD", 0, -2, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.of("USD", 10, 0, 12, -2));
    }

    @Test
    void constructorRefusesPartsThatDoNotAddUp() {
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.of("USD", 100, 50, 100, 49));
        assertThrows(IllegalArgumentException.class, () -> RefundPlan.of("USD", 100, 50, 100, 51));
    }

    @Test
    void overflowingAmountsThrowArithmeticException() {
        assertThrows(ArithmeticException.class, () -> split(Long.MAX_VALUE, 2, 4));
    }
}
