package dev.orderreturns.domain;

/** The platform's invoice types: {@code Output} is a sale invoice, {@code Input} an entrance (return) invoice. */
public enum InvoiceType {
    OUTPUT("Output"),
    INPUT("Input");

    private final String wireName;

    InvoiceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static InvoiceType fromWire(String name) {
        for (InvoiceType t : values()) {
            if (t.wireName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
