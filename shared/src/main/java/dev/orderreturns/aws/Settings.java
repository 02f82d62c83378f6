package dev.orderreturns.aws;

/**
 * Configuration by name: the function's environment variable, or a JVM system property of the same
 * name (the local stack runs every function in one JVM, so it configures them that way).
 */
public final class Settings {

    private Settings() {
    }

    public static String get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            value = System.getProperty(name);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    public static String require(String name) {
        String value = get(name);
        if (value == null) {
            throw new IllegalStateException("setting " + name + " is missing (set it in template.yaml's Environment)");
        }
        return value;
    }
}
