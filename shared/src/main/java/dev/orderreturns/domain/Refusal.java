package dev.orderreturns.domain;

import java.util.List;

/**
 * A request the returns rules refuse. It changes nothing. {@link Kind} tells the caller what sort
 * of refusal it is (the HTTP layer maps kinds to status codes); {@link #type()} is the problem
 * type. Every problem type has exactly one factory here, so each is written once, and each
 * factory takes the field names its caller uses (the operator form and the platform's invoice
 * notification name the same thing differently).
 */
public final class Refusal extends RuntimeException {

    public enum Kind {
        /** The request is malformed in itself: syntax, types, ranges, formats. */
        INVALID,
        /** The body is not in a media type the API reads. */
        UNSUPPORTED_MEDIA_TYPE,
        /** The request is well formed but the order's state does not allow it. */
        UNPROCESSABLE,
        /** It clashes with something already recorded (an invoice number, an idempotency key). */
        CONFLICT,
        /** The order or return does not exist for this account. */
        NOT_FOUND,
        /** The request or the order it would produce is too large. */
        TOO_LARGE,
        /** The caller may not do this. */
        FORBIDDEN,
        /** The caller is not authenticated. */
        UNAUTHENTICATED
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    private Refusal(Kind kind, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    private static List<FieldError> on(String field, String message) {
        return field == null ? List.of() : List.of(new FieldError(field, message));
    }

    private static String first(List<FieldError> errors) {
        return errors.isEmpty() ? "" : errors.getFirst().message();
    }

    // ---- malformed requests (400, 413, 415) ----

    public static Refusal invalid(List<FieldError> errors) {
        return new Refusal(Kind.INVALID, "invalid-request", "The request is invalid",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid", errors);
    }

    public static Refusal invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static Refusal bodyTooLarge(String field, int maxBytes) {
        return new Refusal(Kind.TOO_LARGE, "body-too-large", "The request body is too large",
                "bodies may be at most " + maxBytes + " bytes", on(field, "at most " + maxBytes + " bytes"));
    }

    public static Refusal unsupportedMediaType(String field) {
        return new Refusal(Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "the body must be application/json", on(field, "must be application/json"));
    }

    // ---- who is asking (401, 403) ----

    public static Refusal unauthenticated(String detail) {
        return new Refusal(Kind.UNAUTHENTICATED, "unauthenticated", "Authentication required", detail, List.of());
    }

    public static Refusal insufficientScope(String scope) {
        return new Refusal(Kind.FORBIDDEN, "insufficient-scope", "Insufficient scope",
                "this operation needs the scope " + scope, List.of());
    }

    // ---- what the order's state refuses (404, 409, 413, 422) ----

    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, "not-found", "Not found", what + " was not found", List.of());
    }

    /** R3: the order already has an invoice with this number (compared case-insensitively). */
    public static Refusal invoiceNumberTaken(String field, String number) {
        return new Refusal(Kind.CONFLICT, "invoice-number-taken", "Invoice number already used",
                "the order already has an invoice numbered " + number,
                on(field, "the order already has an invoice numbered " + number));
    }

    /** R1: an item the order does not have. */
    public static Refusal unknownItem(List<FieldError> errors) {
        return new Refusal(Kind.UNPROCESSABLE, "unknown-item", "The items cannot be returned", first(errors), errors);
    }

    /** R1: an item no sale invoice lists. */
    public static Refusal itemNotInvoiced(List<FieldError> errors) {
        return new Refusal(Kind.UNPROCESSABLE, "item-not-invoiced", "The items cannot be returned", first(errors),
                errors);
    }

    /** R1: more units than are left to return. */
    public static Refusal unitsExceedReturnable(List<FieldError> errors) {
        return new Refusal(Kind.UNPROCESSABLE, "units-exceed-returnable", "The items cannot be returned",
                first(errors), errors);
    }

    /** R5: the additional values of all returns would exceed the order's shipping total. */
    public static Refusal additionalValueExceedsShipping(String field, long shipping, long left) {
        String message = "additional values over all returns may not exceed the shipping total of " + shipping
                + "; " + left + " is left";
        return new Refusal(Kind.UNPROCESSABLE, "additional-value-exceeds-shipping",
                "The additional value exceeds the shipping total", message, on(field, message));
    }

    /** R7: the refunds of all returns would exceed what the order's invoices charged. */
    public static Refusal refundExceedsInvoiced(String field, long invoiced, long left) {
        String message = "refunds over all returns may not exceed the invoiced " + invoiced + "; " + left + " is left";
        return new Refusal(Kind.UNPROCESSABLE, "refund-exceeds-invoiced", "The refund exceeds what was invoiced",
                message, on(field, message));
    }

    /** Amounts whose sums or products do not fit exact integer cents. */
    public static Refusal amountOutOfRange(String field, String what) {
        String message = "the amounts of this " + what + " are out of range";
        return new Refusal(Kind.UNPROCESSABLE, "amount-out-of-range", "Amounts out of range", message,
                on(field, message));
    }

    /** An Input invoice whose value is below the value of its items. */
    public static Refusal invoiceValueBelowItems(String field, long invoiceValue, long itemsValue) {
        String message = "the invoice value " + invoiceValue + " is less than its items' value " + itemsValue;
        return new Refusal(Kind.UNPROCESSABLE, "invoice-value-below-items",
                "The invoice value is below its items' value", message, on(field, message));
    }

    /** A sale invoice that invoices items or units the order does not have. */
    public static Refusal invoiceExceedsOrder(List<FieldError> errors) {
        return new Refusal(Kind.UNPROCESSABLE, "invoice-exceeds-order", "The invoice does not fit the order",
                first(errors), errors);
    }

    /** A re-import that would change what the order's returns depend on. */
    public static Refusal orderHasReturns(List<FieldError> errors) {
        return new Refusal(Kind.CONFLICT, "order-has-returns", "The order already has returns",
                "items, currency, shipping and payments of an order with returns cannot change", errors);
    }

    /** An Idempotency-Key used before with a different request. */
    public static Refusal idempotencyKeyReused(String field) {
        return new Refusal(Kind.UNPROCESSABLE, "idempotency-key-reused",
                "Idempotency key already used for another request",
                "this Idempotency-Key was first used with a different request body",
                on(field, "was first used with a different request body"));
    }

    /** The order kept changing under this request. */
    public static Refusal concurrentUpdate(int attempts) {
        return new Refusal(Kind.CONFLICT, "concurrent-update", "The order is being changed by others",
                "the order changed " + attempts + " times while this request was applied; try again", List.of());
    }

    /** The order would outgrow what one stored item may hold. */
    public static Refusal orderTooLarge(String orderId, int bytes, int maxBytes) {
        return new Refusal(Kind.TOO_LARGE, "order-too-large", "The order would be too large to store",
                "this change would make order " + orderId + " " + bytes + " bytes, with room kept for the refund"
                        + " work of its open returns; one order may hold at most " + maxBytes
                        + " bytes of items, invoices and returns", List.of());
    }

    /** An operator retry of a refund that is neither FAILED nor stuck past its retry budget. */
    public static Refusal refundNotFailed(String returnId, RefundStatus status) {
        return new Refusal(Kind.CONFLICT, "refund-not-failed", "Only a failed refund can be retried",
                "return " + returnId + " is " + status + "; only a FAILED refund, or one still pending past its"
                        + " retry budget, can be retried", List.of());
    }

    /** A manual refund recorded on a part that is not waiting for one. */
    public static Refusal partNotManual(String returnId, String partId, RefundStatus status) {
        return new Refusal(Kind.CONFLICT, "part-not-manual", "Only a part waiting for a manual refund can be recorded",
                "part " + partId + " of return " + returnId + " is " + status
                        + "; only a MANUAL_REFUND_REQUIRED part can be recorded as refunded by hand", List.of());
    }

    /** R7: a sale invoice whose item lines add up to more than its invoice value. */
    public static Refusal invoiceLinesExceedValue(String field, long linesValue, long invoiceValue) {
        String message = "the invoice's item lines add up to " + linesValue + ", more than its value " + invoiceValue;
        return new Refusal(Kind.UNPROCESSABLE, "invoice-lines-exceed-value",
                "The invoice's lines exceed its value", message, on(field, message));
    }

    public Kind kind() {
        return kind;
    }

    /** A short machine-readable slug, e.g. {@code units-exceed-returnable}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
