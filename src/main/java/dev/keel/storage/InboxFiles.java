package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What an inbox takes: a regular file of its own, inside the inbox once links are followed. One check
 * for every intake (IntakeGate) and for the files a manifest names (export), so a link cannot carry
 * /etc/passwd or another folder's document into a workflow.
 */
public final class InboxFiles {

    private InboxFiles() {
    }

    /** Refuses a link, a non-regular file, a file with other hard links, one that resolves outside {@code inbox}, an empty one. */
    public static void checkIntake(Path inbox, Path file, String name) {
        try {
            check(inbox, file);
        } catch (RejectedInputException e) {
            throw new RejectedInputException("'" + name + "' " + e.getMessage());
        }
    }

    private static void check(Path inbox, Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new RejectedInputException("is a symbolic link; inboxes take regular files only (Keel does not follow links"
                    + " out of its inboxes): copy the file in instead");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RejectedInputException("is not a regular file");
        }
        try {
            // a hard link shares its content with a file elsewhere, which path checks cannot see
            Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                throw new RejectedInputException("has " + (n - 1) + " other hard link(s) to it; copy the file in instead of linking it");
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view (Windows): hard links are not a concern there
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + file + ": " + e.getMessage(), e);
        }
        realInside(inbox, file);
        try {
            if (Files.size(file) == 0) {
                throw new RejectedInputException("empty file (0 bytes); write the content, then drop the file again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The real path of {@code file}, refused when it lies outside {@code root} once every link is followed. */
    public static Path realInside(Path root, Path file) {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new RejectedInputException("resolves outside " + root.getFileName() + " (links are not followed out of it)");
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + file + ": " + e.getMessage(), e);
        }
    }
}
