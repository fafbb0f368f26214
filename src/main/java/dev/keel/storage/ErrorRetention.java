package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes failed inputs in {@code inbox/<workflow>/.error} once their error file is older than the
 * retention: the input and its {@code .error.txt} go together. Age is the error file's, written when
 * the input failed (a moved input keeps its own, older, time). Files in the inbox itself are never touched.
 */
public final class ErrorRetention {

    private ErrorRetention() {
    }

    public static List<Path> sweep(Path inboxRoot, int retentionDays, Instant now) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(inboxRoot)) {
            return removed;
        }
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        try (Stream<Path> workflows = Files.list(inboxRoot)) {
            for (Path workflow : workflows.filter(Files::isDirectory).toList()) {
                Path errors = workflow.resolve(StorageLayout.ERROR);
                if (!Files.isDirectory(errors)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(errors)) {
                    for (Path sidecar : files.filter(p -> p.getFileName().toString().endsWith(".error.txt")).toList()) {
                        if (Files.getLastModifiedTime(sidecar).toInstant().isBefore(cutoff)) {
                            String input = sidecar.getFileName().toString();
                            Path failed = errors.resolve(input.substring(0, input.length() - ".error.txt".length()));
                            if (Files.deleteIfExists(failed)) {
                                removed.add(failed);
                            }
                            Files.delete(sidecar);
                            removed.add(sidecar);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("error retention under " + inboxRoot + " failed: " + e.getMessage(), e);
        }
        return removed;
    }
}
