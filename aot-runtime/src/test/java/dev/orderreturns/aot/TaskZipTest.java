package dev.orderreturns.aot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskZipTest {

    @Test
    void theZipKeepsEachFilesModeAndTheFixedTime(@TempDir Path dir) throws Exception {
        Path task = Files.createDirectories(dir.resolve("task"));
        Files.writeString(task.resolve("bootstrap"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(task.resolve("bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(task.resolve("lib"));
        Files.writeString(task.resolve("lib/a.jar"), "jar");
        Files.setPosixFilePermissions(task.resolve("lib/a.jar"), PosixFilePermissions.fromString("rw-r--r--"));
        TaskZip.fixTimes(task);
        Path zip = dir.resolve("task.zip");
        TaskZip.zip(task, zip);

        // as unzip (and so, presumably, Lambda) reads it
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("enablePosixFileAttributes", "true"))) {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("bootstrap"))));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("lib/a.jar"))));
            assertEquals(TaskZip.FIXED_TIME, Files.getLastModifiedTime(fs.getPath("lib/a.jar")));
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", out.toString()).inheritIO().start();
        assertEquals(0, unzip.waitFor());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bootstrap"))));
        assertEquals(TaskZip.FIXED_TIME, Files.getLastModifiedTime(out.resolve("lib/a.jar")));
    }

    @Test
    void theBootstrapTemplateIsValidShWithItsClasspathFilledIn(@TempDir Path dir) throws Exception {
        String script = new String(TaskLayout.class.getResourceAsStream("bootstrap").readAllBytes());
        assertEquals(true, script.contains("-cp @CLASSPATH@"));
        Path file = dir.resolve("bootstrap");
        Files.writeString(file, script.replace("@CLASSPATH@", "lib/a.jar").replace("@JAVA_VERSION@", "25"));
        Process check = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), output);
        // an unknown mode is refused before any JVM starts
        ProcessBuilder refused = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true);
        refused.environment().put("_HANDLER", "a.B::handleRequest");
        refused.environment().put("ORDER_RETURNS_AOT", "sometimes");
        Process p = refused.start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(64, p.waitFor(), said);
        assertEquals(true, said.contains("must be auto, require, off, train or assemble"), said);
    }
}
