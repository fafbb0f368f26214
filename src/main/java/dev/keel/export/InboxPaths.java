package dev.keel.export;

import dev.keel.storage.InboxFiles;
import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths a manifest or document names, kept inside the export inbox: no absolute paths, no {@code ..}, no symlinks out. */
final class InboxPaths {

    private InboxPaths() {
    }

    /**
     * {@code relative} resolved against {@code base} if it stays inside {@code root} once links are
     * followed; null when the file does not exist; IllegalArgumentException (with the reason) when it
     * would leave the root.
     */
    static Path inside(Path root, Path base, String relative) throws IOException {
        if (relative.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:.*") || Path.of(relative).isAbsolute()) {
            throw new IllegalArgumentException("is an absolute path; name files relative to the export inbox");
        }
        for (String part : relative.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("uses '..'; files must stay inside the export inbox");
            }
        }
        Path candidate = base.resolve(relative).normalize();
        if (!candidate.toAbsolutePath().startsWith(root.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("is outside the export inbox");
        }
        if (!Files.exists(candidate)) {
            return null;
        }
        try {
            return InboxFiles.realInside(root, candidate);
        } catch (RejectedInputException e) {
            throw new IllegalArgumentException("is a link that leads outside the export inbox");
        }
    }
}
