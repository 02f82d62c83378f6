package dev.orderreturns.domain;

import java.util.regex.Pattern;

/**
 * Account, order and return ids: 1 to 100 letters, digits, '-', '_' or '.'. They form storage keys
 * and queue messages, so '#' (the storage key's separator), '/' and spaces are never part of one.
 */
public final class Ids {

    public static final int MAX_LENGTH = 100;
    public static final String RULE = "must be 1 to 100 letters, digits, '-', '_' or '.'";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private Ids() {
    }

    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
