package dev.orderreturns.store.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Refusal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a listing of returns stands, as the opaque {@code cursor} the API hands out: the snapshot
 * time of its first page, and the index key of the last order listed. It names the index and a
 * digest of the account it was made for, so a cursor is refused (400), never misread, by another
 * listing or account.
 */
record ListingCursor(String account, ReturnIndexes.Index index, Instant snapshot, String after) {

    private static final int MAX_LENGTH = 1000;

    static ListingCursor first(String account, ReturnIndexes.Index index, Instant now) {
        return new ListingCursor(account, index, now, null);
    }

    ListingCursor after(String key) {
        return new ListingCursor(account, index, snapshot, key);
    }

    String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("a", digest(account));
        m.put("i", index.name());
        m.put("s", snapshot.toEpochMilli());
        m.put("p", after);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.std.asBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ListingCursor decode(String cursor, String account, ReturnIndexes.Index index) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw refused();
            }
            Map<String, Object> m = JSON.std.mapFrom(new String(Base64.getUrlDecoder().decode(cursor),
                    StandardCharsets.UTF_8));
            if (!Integer.valueOf(1).equals(m.get("v")) || !digest(account).equals(m.get("a"))
                    || !index.name().equals(m.get("i")) || !(m.get("s") instanceof Number snapshot)
                    || !(m.get("p") instanceof String after) || !after.matches("\\d{13}#[A-Za-z0-9._-]{1,100}")) {
                throw refused();
            }
            return new ListingCursor(account, index, Instant.ofEpochMilli(snapshot.longValue()), after);
        } catch (IOException | RuntimeException e) {
            throw e instanceof Refusal refusal ? refusal : refused();
        }
    }

    private static Refusal refused() {
        return Refusal.invalid("cursor", "is not a cursor of this listing: start again without one");
    }

    private static String digest(String account) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
