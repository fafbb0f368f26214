package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * At start-up, puts files a crash left in {@code inbox/<workflow>/.inprogress} back into their inbox,
 * so they are processed again (workflows recognise finished work by its output, so nothing is paid
 * twice). The idempotent key is only recorded on success, so these files are not taken for duplicates.
 */
public final class InProgressRecovery {

    private InProgressRecovery() {
    }

    public static List<Path> recover(Path inboxRoot) {
        return recover(inboxRoot, original -> true);
    }

    /**
     * Only the files {@code free} lets go, given the inbox path each had: with nodes sharing the inboxes,
     * those no live node holds the lock of (a file another node is working on stays where it is).
     */
    public static List<Path> recover(Path inboxRoot, Predicate<Path> free) {
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(inboxRoot)) {
            return moved;
        }
        try (Stream<Path> workflows = Files.list(inboxRoot)) {
            for (Path workflow : workflows.filter(Files::isDirectory).toList()) {
                Path stuck = workflow.resolve(StorageLayout.IN_PROGRESS);
                if (!Files.isDirectory(stuck)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(stuck)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        if (!free.test(workflow.resolve(file.getFileName().toString()))) {
                            continue;
                        }
                        String name = AtomicFiles.freeName(file.getFileName().toString(), n -> Files.exists(workflow.resolve(n)));
                        moved.add(Files.move(file, workflow.resolve(name)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover in-progress files under " + inboxRoot + ": " + e.getMessage(), e);
        }
        return moved;
    }
}
