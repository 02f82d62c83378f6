package dev.orderreturns.domain;

import java.util.List;

/**
 * A request the returns rules refuse. It changes nothing. {@link Kind} tells the caller what
 * sort of refusal it is; the HTTP layer maps kinds to status codes.
 */
public final class Refusal extends RuntimeException {

    public enum Kind {
        /** The request is malformed in itself: syntax, types, ranges, formats. */
        INVALID,
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

    public Refusal(Kind kind, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static Refusal invalid(List<FieldError> errors) {
        return new Refusal(Kind.INVALID, "invalid-request", "The request is invalid",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                        : errors.size() + " fields are invalid", errors);
    }

    public static Refusal invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static Refusal unprocessable(String type, String title, String field, String message) {
        return new Refusal(Kind.UNPROCESSABLE, type, title, message,
                field == null ? List.of() : List.of(new FieldError(field, message)));
    }

    public static Refusal conflict(String type, String title, String field, String message) {
        return new Refusal(Kind.CONFLICT, type, title, message,
                field == null ? List.of() : List.of(new FieldError(field, message)));
    }

    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, "not-found", "Not found", what + " was not found", List.of());
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
