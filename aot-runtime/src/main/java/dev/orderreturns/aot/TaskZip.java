package dev.orderreturns.aot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The task directory's files at one fixed modification time, and the zip Lambda takes for
 * {@code provided.al2023}, with each file's POSIX mode (so {@code bootstrap} and {@code jre/bin/java}
 * stay executable) and that same time.
 *
 * <p>Why fixed times: a CDS or AOT cache records each classpath jar's size and modification time and,
 * on JDKs that check them, refuses itself when either differs at run time. The times are set before the
 * training, so the cache records them, and the zip carries them (in its entries' extended timestamps),
 * so a tool that restores times (unzip does) gives back exactly what the cache expects. What was
 * measured on JDK 25.0.3 and what that means on Lambda is in the README ("Runtime choices").
 */
public final class TaskZip {

    /** Every file of the task gets this modification time: fixed, so builds agree and the cache matches. */
    public static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    private TaskZip() {}

    /** Sets every file and directory under {@code dir} to {@link #FIXED_TIME}. */
    public static void fixTimes(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (!Files.isSymbolicLink(p)) Files.setLastModifiedTime(p, FIXED_TIME);
            }
        }
    }

    /** Zips {@code dir}'s content (not the directory itself) to {@code zip}, replacing it. */
    public static void zip(Path dir, Path zip) throws IOException {
        Files.deleteIfExists(zip);
        Files.createDirectories(zip.toAbsolutePath().getParent());
        URI uri = URI.create("jar:" + zip.toAbsolutePath().toUri());
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.sorted().toList(); // parents before children, the same order every build
        }
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            for (Path source : files) {
                if (source.equals(dir)) continue;
                Path target = fs.getPath(dir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(source);
                Files.setPosixFilePermissions(target, mode);
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
            }
        }
    }

    /** Bytes of every regular file under {@code dir}. */
    public static long size(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) return Files.size(dir);
        try (Stream<Path> all = Files.walk(dir)) {
            long total = 0;
            for (Path p : all.filter(Files::isRegularFile).toList()) total += Files.size(p);
            return total;
        }
    }
}
