package dev.orderreturns.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefundPlanTest {

    private static void assertPlan(RefundPlan plan, long itemsValue, long additionalValue, long chargeback,
                                   long giftCard) {
        assertEquals("USD", plan.currency());
        assertEquals(itemsValue, plan.itemsValue(), "itemsValue");
        assertEquals(additionalValue, plan.additionalValue(), "additionalValue");
        assertEquals(chargeback, plan.chargeback(), "chargeback");
        assertEquals(giftCard, plan.giftCard(), "giftCard");
        assertEquals(itemsValue + additionalValue, plan.total(), "total");
    }

    @Test
    void sourceExampleShipping2000Additional1200IsHalfChargebackHalfGiftCard() {
        assertPlan(RefundPlan.of("USD", 0, 1200, 2000), 0, 1200, 600, 600);
    }

    @Test
    void oddAdditionalValueGivesTheOddCentToTheChargeback() {
        assertPlan(RefundPlan.of("USD", 0, 1201, 2000), 0, 1201, 601, 600);
        assertPlan(RefundPlan.of("USD", 0, 1, 2000), 0, 1, 1, 0);
    }

    @Test
    void additionalValueEqualToTotalShippingIsAllChargeback() {
        assertPlan(RefundPlan.of("USD", 0, 2000, 2000), 0, 2000, 2000, 0);
        assertPlan(RefundPlan.of("USD", 2500, 2001, 2001), 2500, 2001, 4501, 0);
    }

    @Test
    void itemsValueIsAlwaysAllChargeback() {
        assertPlan(RefundPlan.of("USD", 3400, 0, 2000), 3400, 0, 3400, 0);
        assertPlan(RefundPlan.of("USD", 3400, 0, 0), 3400, 0, 3400, 0);
        assertPlan(RefundPlan.of("USD", 3400, 1200, 2000), 3400, 1200, 4000, 600);
        assertPlan(RefundPlan.of("USD", 3400, 2000, 2000), 3400, 2000, 5400, 0);
    }

    @Test
    void valueOnlyReturnHasNoItemsValue() {
        RefundPlan plan = RefundPlan.of("USD", 0, 500, 2000);
        assertPlan(plan, 0, 500, 250, 250);
        assertEquals(Money.of(250, "USD"), plan.chargebackMoney());
        assertEquals(Money.of(250, "USD"), plan.giftCardMoney());
    }

    @Test
    void everyCentIsAccountedForOverARangeOfValues() {
        long[] shippings = {0, 1, 2, 3, 99, 100, 1999, 2000, 2001};
        long[] itemValues = {0, 1, 1250, 999_999};
        for (long shipping : shippings) {
            for (long items : itemValues) {
                for (long additional = 0; additional <= shipping; additional++) {
                    RefundPlan plan = RefundPlan.of("USD", items, additional, shipping);
                    String at = "items " + items + ", additional " + additional + ", shipping " + shipping;
                    assertEquals(items + additional, plan.chargeback() + plan.giftCard(), at);
                    assertEquals(items + additional, plan.total(), at);
                    long expectedGiftCard = additional == shipping ? 0 : additional / 2;
                    assertEquals(expectedGiftCard, plan.giftCard(), at);
                    assertEquals(items + additional - expectedGiftCard, plan.chargeback(), at);
                    assertEquals(plan.chargeback() + plan.giftCard(),
                            plan.chargebackMoney().plus(plan.giftCardMoney()).minorUnits(), at);
                }
            }
        }
    }

    @Test
    void constructorRefusesNegativeAmounts() {
        assertThrows(IllegalArgumentException.class, () -> new RefundPlan("USD", -1, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RefundPlan("USD", 0, -2, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> new RefundPlan("USD", 10, 0, 12, -2));
    }

    @Test
    void constructorRefusesPartsThatDoNotAddUp() {
        assertThrows(IllegalArgumentException.class, () -> new RefundPlan("USD", 100, 50, 100, 49));
        assertThrows(IllegalArgumentException.class, () -> new RefundPlan("USD", 100, 50, 100, 51));
    }

    @Test
    void overflowingAmountsThrowArithmeticException() {
        assertThrows(ArithmeticException.class, () -> RefundPlan.of("USD", Long.MAX_VALUE, 2, 4));
    }
}
