package dev.orderreturns.domain;

/** How part of a refund is paid back. */
public enum RefundPartKind {
    /** To the original payment method. */
    CHARGEBACK("chargeback"),
    /** As credit on a new gift card. */
    GIFT_CARD("giftCard");

    private final String wireName;

    RefundPartKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RefundPartKind fromWire(String name) {
        for (RefundPartKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown refund part kind: " + name);
    }
}
