package dev.orderreturns.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in integer minor units (cents) of an ISO 4217 currency.
 * Arithmetic is exact: an overflow is an {@link ArithmeticException}, never a wrapped value.
 */
public record Money(long minorUnits, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!isCurrencyCode(currency)) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currency);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** True for a three-letter upper-case code that the JDK knows as ISO 4217. */
    public static boolean isCurrencyCode(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    public boolean isZero() {
        return minorUnits == 0;
    }

    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** Digits after the decimal point for this currency (2 for USD, 0 for JPY, 3 for KWD). */
    public int fractionDigits() {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(digits, 0);
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
