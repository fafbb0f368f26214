package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes archived inputs older than the retention: whole {@code archive/<workflow>/yyyy/MM/dd}
 * day folders, judged by the folder's date (a moved file keeps its old mtime, so mtime would lie).
 * It walks the archive only, so nothing not yet archived can be touched.
 */
public final class Retention {

    /** What a sweep removed. */
    public record Sweep(List<Path> removedDays, long removedFiles) {
    }

    private final Path archive;
    private final int retentionDays;

    public Retention(Path archive, int retentionDays) {
        this.archive = archive;
        this.retentionDays = retentionDays;
    }

    public Sweep sweep(LocalDate today) {
        LocalDate oldestKept = today.minusDays(retentionDays);
        List<Path> removed = new ArrayList<>();
        long files = 0;
        if (!Files.isDirectory(archive)) {
            return new Sweep(removed, 0);
        }
        for (Path day : dayFolders()) {
            LocalDate date = dateOf(day);
            if (date != null && date.isBefore(oldestKept)) {
                files += deleteTree(day);
                removed.add(day);
                pruneEmptyParents(day.getParent());
            }
        }
        return new Sweep(removed, files);
    }

    private List<Path> dayFolders() {
        try (Stream<Path> walk = Files.walk(archive, 4)) {
            return walk.filter(Files::isDirectory)
                    .filter(p -> archive.relativize(p).getNameCount() == 4)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LocalDate dateOf(Path day) {
        Path rel = archive.relativize(day);
        try {
            return LocalDate.of(Integer.parseInt(rel.getName(1).toString()), Integer.parseInt(rel.getName(2).toString()),
                    Integer.parseInt(rel.getName(3).toString()));
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static long deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            long files = 0;
            for (Path p : all) {
                if (Files.isRegularFile(p)) {
                    files++;
                }
                Files.delete(p);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pruneEmptyParents(Path dir) {
        try {
            while (dir != null && dir.startsWith(archive) && archive.relativize(dir).getNameCount() > 1
                    && isEmpty(dir)) {
                Files.delete(dir);
                dir = dir.getParent();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
