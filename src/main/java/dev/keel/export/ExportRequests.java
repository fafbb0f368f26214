package dev.keel.export;

import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an input file into an ExportBundle. A single {@code .md} is one document whose images resolve
 * against the export inbox. A manifest's documents must lie in a subfolder of the export inbox
 * (top-level .md files are documents of their own, taken by the intake); a path that is absolute,
 * uses {@code ..}, or leads out through a link refuses the whole manifest before anything is written.
 */
public final class ExportRequests {

    private ExportRequests() {
    }

    public static boolean isManifest(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.ya?ml");
    }

    public static ExportBundle of(String name, byte[] bytes, Path root, Set<Format> defaultFormats) {
        if (bytes.length == 0) {
            throw new RejectedInputException(name + " is empty: there is nothing to export");
        }
        String text = TextInput.utf8(name, bytes);
        if (text.isBlank()) {
            throw new RejectedInputException(name + " is empty: there is nothing to export");
        }
        return isManifest(name) ? manifest(name, text, root, defaultFormats) : single(name, text, root, defaultFormats);
    }

    static ExportBundle single(String name, String text, Path root, Set<Format> formats) {
        Source source = new Source(name, text, root, root);
        String output = source.stem().replaceAll("[^A-Za-z0-9._-]", "_");
        return new ExportBundle(output.isEmpty() || output.startsWith(".") ? "document" + output : output, null,
                List.of(new ExportBundle.Part(name, () -> source)), formats, null, null, null, false);
    }

    static ExportBundle manifest(String name, String text, Path root, Set<Format> defaultFormats) {
        ExportManifest manifest = ExportManifest.parse(name, text, defaultFormats);
        List<ExportBundle.Part> parts = new ArrayList<>();
        Set<String> stems = new HashSet<>();
        for (String doc : manifest.documents()) {
            Path file = resolve(name, root, doc);
            String stem = new Source(doc, "", root, root).stem();
            if (!stems.add(stem) || stem.equals(manifest.output())) {
                throw new RejectedInputException(name + ": document '" + doc + "' would write " + stem + ".pdf twice (two documents"
                        + " of that name, or the name of the bundle); rename one");
            }
            parts.add(new ExportBundle.Part(doc, () -> load(doc, file, root)));
        }
        return new ExportBundle(manifest.output(), new Cover(manifest.title(), manifest.subtitle(), manifest.author(), manifest.date()),
                parts, manifest.formats(), manifest.template(), manifest.toc(), manifest.cover(), true);
    }

    private static Path resolve(String manifest, Path root, String doc) {
        String problem;
        try {
            Path file = InboxPaths.inside(root, root, doc);
            if (!doc.contains("/") || doc.startsWith(".") || doc.contains("/.")) {
                problem = "is not in a subfolder of the export inbox (put a manifest's documents in a folder such as docs/;"
                        + " hidden folders such as .inprogress are not read)";
            } else if (!doc.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(md|markdown)")) {
                problem = "is not a Markdown file (.md)";
            } else {
                return file != null ? file : root.resolve(doc);
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new RejectedInputException(manifest + ": document '" + doc + "' " + problem + "; nothing was exported");
    }

    private static Source load(String doc, Path file, Path root) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RejectedInputException("not found in the export inbox");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new RejectedInputException(doc + " is empty: there is nothing to export");
        }
        return new Source(doc, TextInput.utf8(doc, bytes), file.getParent(), root);
    }
}
