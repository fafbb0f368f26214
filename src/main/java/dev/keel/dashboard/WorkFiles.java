package dev.keel.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read-only access to Keel's own folders for the dashboard's links (reports, outputs, rejected/ entries, exports). A path
 * is resolved under one named root; a "..", a hidden name, a symbolic link anywhere on the way, or anything but a regular
 * file (or folder, for a listing) is refused. Text is served as text/plain, everything else as a download: nothing a model
 * wrote is rendered as HTML.
 */
public final class WorkFiles {

    /** A file found under a root. */
    public record Found(Path file, String contentType, boolean download) {
    }

    private final Map<String, Path> roots;

    /** {@code roots}: name → folder, e.g. outbox → /srv/keel/outbox. */
    public WorkFiles(Map<String, Path> roots) {
        this.roots = Map.copyOf(roots);
    }

    public java.util.Set<String> roots() {
        return roots.keySet();
    }

    /** The file at {@code relative} under root {@code root}, if it is one this class may serve. */
    public Optional<Found> file(String root, String relative) {
        return resolve(root, relative).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(WorkFiles::found);
    }

    /** Names in the folder at {@code relative} (folders end with "/"), sorted; empty when it is not a folder this class serves. */
    public Optional<List<String>> list(String root, String relative) {
        Optional<Path> dir = resolve(root, relative).filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir.get())) {
            entries.filter(p -> !p.getFileName().toString().startsWith(".") && !Files.isSymbolicLink(p)).forEach(p ->
                    names.add(p.getFileName() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        } catch (IOException e) {
            return Optional.empty();
        }
        names.sort(null);
        return Optional.of(names.size() > 1000 ? names.subList(0, 1000) : names);
    }

    Optional<Path> resolve(String rootName, String relative) {
        Path root = rootName == null ? null : roots.get(rootName);
        if (root == null || relative == null || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        Path at = root;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("..") || part.startsWith(".")) {
                return Optional.empty();
            }
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return Optional.empty();
            }
        }
        Path normal = at.normalize();
        return normal.startsWith(root.normalize()) && Files.exists(normal, LinkOption.NOFOLLOW_LINKS) ? Optional.of(normal) : Optional.empty();
    }

    private static Found found(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String text : new String[] {".md", ".txt", ".yaml", ".yml", ".csv", ".json", ".log", ".sha256"}) {
            if (name.endsWith(text)) {
                return new Found(file, "text/plain; charset=utf-8", false);
            }
        }
        if (name.endsWith(".pdf")) {
            return new Found(file, "application/pdf", true);
        }
        return new Found(file, "application/octet-stream", true);
    }
}
