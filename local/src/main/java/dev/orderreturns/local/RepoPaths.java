package dev.orderreturns.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code local/} directory, root and {@code web/}, wherever the stack is started from. */
public final class RepoPaths {
    /** Set by surefire and by {@code local/run}; wins over everything else. */
    public static final String ROOT_PROPERTY = "orderreturns.root";

    private RepoPaths() {}

    /**
     * {@code local/}: from {@code -Dorderreturns.root}, else by walking up from where this class was
     * loaded (target/classes or target/order-returns-local.jar), else {@code ./local}.
     */
    public static Path localDir() {
        String root = System.getProperty(ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            return Path.of(root).toAbsolutePath().normalize().resolve("local");
        }
        try {
            Path here = Path.of(RepoPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("dynalite-server.js"))) return dir;
                if (Files.isRegularFile(dir.resolve("local").resolve("dynalite-server.js"))) return dir.resolve("local");
            }
        } catch (Exception | Error e) {
            // no usable code location (unusual class loaders): fall back to the working directory
        }
        return Path.of("local").toAbsolutePath().normalize();
    }

    /** The repository root: the parent of {@link #localDir()}. */
    public static Path root() {
        return localDir().getParent();
    }

    /** The repository's {@code template.yaml}. */
    public static Path template() {
        return root().resolve("template.yaml");
    }

    /** The operator's web page ({@code web/}), which the local stack serves at {@code /}. */
    public static Path web() {
        return root().resolve("web");
    }
}
