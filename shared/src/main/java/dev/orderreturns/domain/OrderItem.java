package dev.orderreturns.domain;

/**
 * One line of an order, as imported from the platform. {@code index} is its position in the
 * order's items (the platform's {@code itemIndex}); prices are unit prices in minor units.
 */
public record OrderItem(int index, String uniqueId, String skuId, String name, long quantity, long price,
                        long sellingPrice) {
}
