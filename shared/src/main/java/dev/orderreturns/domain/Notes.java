package dev.orderreturns.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bounds what a return keeps from outside text (provider messages, references), so a return's
 * growth has a known upper bound and every paid refund can always be recorded: control characters
 * become spaces, and long text is cut on a character boundary.
 */
public final class Notes {

    /** Longest note kept in a return's history or as its last error. */
    public static final int MAX_NOTE_CHARS = 300;

    private Notes() {
    }

    /** The text fit for a note: at most {@link #MAX_NOTE_CHARS} characters, no control characters. */
    public static String note(String text) {
        if (text == null) {
            return null;
        }
        return cut(clean(text), MAX_NOTE_CHARS);
    }

    /**
     * A provider's reference kept whole when short; a longer one keeps its start and a digest of
     * the whole, so it still identifies the refund without letting the order outgrow its item.
     */
    public static String reference(String reference) {
        if (reference == null || reference.length() <= RefundPart.MAX_REFERENCE_CHARS) {
            return reference;
        }
        String digest = HexFormat.of().formatHex(sha256(reference)).substring(0, 32);
        return cut(clean(reference), RefundPart.MAX_REFERENCE_CHARS - 42) + "...sha256:" + digest;
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }

    private static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
