package dev.orderreturns.domain;

/** The order's totals in minor units, as the platform reports them (discounts are negative). */
public record OrderTotals(long items, long shipping, long discounts, long tax) {
}
