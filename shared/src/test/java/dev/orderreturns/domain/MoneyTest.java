package dev.orderreturns.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    @Test
    void usdCentsConvertExactlyToDecimalWithTwoDigits() {
        Money money = Money.of(1234, "USD");
        assertEquals(new BigDecimal("12.34"), money.toDecimal());
        assertEquals(2, money.toDecimal().scale());
        assertEquals(2, money.fractionDigits());
        assertEquals("12.34 USD", money.toString());
    }

    @Test
    void smallAndNegativeAmountsKeepTheirScale() {
        assertEquals(new BigDecimal("0.01"), Money.of(1, "USD").toDecimal());
        assertEquals(new BigDecimal("0.00"), Money.zero("USD").toDecimal());
        assertEquals(new BigDecimal("-5.07"), Money.of(-507, "USD").toDecimal());
    }

    @Test
    void jpyHasNoFractionDigits() {
        Money money = Money.of(1234, "JPY");
        assertEquals(0, money.fractionDigits());
        assertEquals(new BigDecimal("1234"), money.toDecimal());
        assertEquals(0, money.toDecimal().scale());
    }

    @Test
    void kwdHasThreeFractionDigits() {
        Money money = Money.of(1234, "KWD");
        assertEquals(3, money.fractionDigits());
        assertEquals(new BigDecimal("1.234"), money.toDecimal());
    }

    @Test
    void largestAmountConvertsExactly() {
        assertEquals(new BigDecimal("92233720368547758.07"), Money.of(Long.MAX_VALUE, "USD").toDecimal());
    }

    @Test
    void arithmeticIsExact() {
        Money a = Money.of(1250, "USD");
        assertEquals(Money.of(2150, "USD"), a.plus(Money.of(900, "USD")));
        assertEquals(Money.of(350, "USD"), a.minus(Money.of(900, "USD")));
        assertEquals(Money.of(3750, "USD"), a.times(3));
        assertTrue(Money.zero("USD").isZero());
        assertFalse(a.isZero());
        assertTrue(a.compareTo(Money.of(1251, "USD")) < 0);
        assertEquals(0, a.compareTo(Money.of(1250, "USD")));
        assertTrue(a.compareTo(Money.of(1249, "USD")) > 0);
    }

    @Test
    void additionOverflowThrowsArithmeticException() {
        assertThrows(ArithmeticException.class, () -> Money.of(Long.MAX_VALUE, "USD").plus(Money.of(1, "USD")));
    }

    @Test
    void subtractionOverflowThrowsArithmeticException() {
        assertThrows(ArithmeticException.class, () -> Money.of(Long.MIN_VALUE, "USD").minus(Money.of(1, "USD")));
    }

    @Test
    void multiplicationOverflowThrowsArithmeticException() {
        assertThrows(ArithmeticException.class, () -> Money.of(Long.MAX_VALUE / 2 + 1, "USD").times(2));
        assertThrows(ArithmeticException.class, () -> Money.of(4_000_000_000L, "USD").times(4_000_000_000L));
    }

    @Test
    void currencyMismatchIsRefused() {
        Money usd = Money.of(100, "USD");
        Money eur = Money.of(100, "EUR");
        assertThrows(IllegalArgumentException.class, () -> usd.plus(eur));
        assertThrows(IllegalArgumentException.class, () -> usd.minus(eur));
        assertThrows(IllegalArgumentException.class, () -> usd.compareTo(eur));
    }

    @Test
    void invalidCurrencyCodeIsRefused() {
        for (String code : new String[] {"usd", "US", "USDX", "ZZZ", "", "U$D", " USD"}) {
            assertFalse(OrderDetails.isCurrencyCode(code), code);
            assertThrows(IllegalArgumentException.class, () -> Money.of(1, code), code);
        }
        assertFalse(OrderDetails.isCurrencyCode(null));
        assertThrows(NullPointerException.class, () -> Money.of(1, null));
    }

    @Test
    void validCurrencyCodesAreAccepted() {
        for (String code : new String[] {"USD", "EUR", "JPY", "KWD", "BRL"}) {
            assertTrue(OrderDetails.isCurrencyCode(code), code);
            assertEquals(code, Money.of(1, code).currency());
        }
    }
}
