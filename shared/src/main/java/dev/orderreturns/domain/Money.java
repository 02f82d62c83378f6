package dev.orderreturns.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in integer minor units (cents) of an ISO 4217 currency: what a refund, its
 * parts and every provider request carry. Arithmetic is exact (an overflow is an
 * {@link ArithmeticException}, never a wrapped value) and refuses to mix currencies. Prices and
 * invoice values inside one order are plain minor units of the order's currency.
 */
public record Money(long minorUnits, String currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!OrderDetails.isCurrencyCode(currency)) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currency);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public Money times(long units) {
        return new Money(Math.multiplyExact(minorUnits, units), currency);
    }

    /** Floor of half, so the odd cent stays with whoever takes {@code minus(half())}. */
    public Money half() {
        return new Money(Math.floorDiv(minorUnits, 2), currency);
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** Digits after the decimal point for this currency (2 for USD, 0 for JPY, 3 for KWD). */
    public int fractionDigits() {
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }

    /**
     * The amount in decimal currency units, exactly (1234 USD cents = 12.34). Only provider
     * clients, which speak decimal units, should need this.
     */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minorUnits, fractionDigits());
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency;
    }
}
