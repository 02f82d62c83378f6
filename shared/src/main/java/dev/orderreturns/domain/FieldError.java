package dev.orderreturns.domain;

/** A problem with one field of a request, named by its JSON path (e.g. {@code items[1].quantity}). */
public record FieldError(String field, String message) {
}
