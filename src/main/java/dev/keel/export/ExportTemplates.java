package dev.keel.export;

import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The template registry: {@code <keel.export.templates>/<name>/style.css} and {@code reference.docx},
 * first from that folder, then from the copies built into Keel. A template's stylesheet is applied
 * after the default one (so it holds only what it changes); without its own reference.docx it uses
 * the default one. An unknown name is refused with the names there are.
 */
public final class ExportTemplates {

    public static final String DEFAULT = "default";
    static final List<String> BUILT_IN = List.of(DEFAULT, "serif");
    private static final String CSS = "style.css";
    private static final String DOCX = "reference.docx";

    private final Path folder;
    private final Map<String, ExportTemplate> loaded = new ConcurrentHashMap<>();

    public ExportTemplates(Path folder) {
        this.folder = folder;
    }

    public ExportTemplate get(String name) {
        String wanted = name == null || name.isBlank() ? DEFAULT : name.strip();
        if (!wanted.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new RejectedInputException("template '" + wanted + "' is not a template name; templates: " + String.join(", ", names()));
        }
        ExportTemplate base = loaded.computeIfAbsent(DEFAULT, this::loadOwn);
        return wanted.equals(DEFAULT) ? base : loaded.computeIfAbsent(wanted, n -> extend(base, loadOwn(n)));
    }

    /** Every template name: the folder's and the built-in ones. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(d -> Files.isRegularFile(d.resolve(CSS))).forEach(d -> names.add(d.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(names);
    }

    private static ExportTemplate extend(ExportTemplate base, ExportTemplate own) {
        return new ExportTemplate(own.name(), base.css() + "\n" + own.css(), own.referenceDocx(), own.origin());
    }

    private ExportTemplate loadOwn(String name) {
        Path dir = folder.resolve(name);
        try {
            if (Files.isRegularFile(dir.resolve(CSS))) {
                byte[] docx = Files.isRegularFile(dir.resolve(DOCX)) ? Files.readAllBytes(dir.resolve(DOCX)) : null;
                return new ExportTemplate(name, Files.readString(dir.resolve(CSS)),
                        docx != null ? docx : builtIn(DEFAULT, DOCX), dir.toString());
            }
            if (BUILT_IN.contains(name)) {
                byte[] docx = resource(name, DOCX);
                return new ExportTemplate(name, new String(builtIn(name, CSS), StandardCharsets.UTF_8),
                        docx != null ? docx : builtIn(DEFAULT, DOCX), "built into Keel");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("template " + name + " cannot be read: " + e.getMessage(), e);
        }
        throw new RejectedInputException("unknown template '" + name + "'; templates: " + String.join(", ", names())
                + " (a template is a folder " + folder + "/<name>/ with style.css and optionally reference.docx)");
    }

    private static byte[] builtIn(String name, String file) throws IOException {
        byte[] bytes = resource(name, file);
        if (bytes == null) {
            throw new IOException("templates/export/" + name + "/" + file + " is missing from Keel's jar");
        }
        return bytes;
    }

    private static byte[] resource(String name, String file) throws IOException {
        try (InputStream in = ExportTemplates.class.getClassLoader().getResourceAsStream("templates/export/" + name + "/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
