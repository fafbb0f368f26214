package dev.keel.mcp;

import dev.keel.export.ExportBundle;
import dev.keel.export.Exporter;
import dev.keel.export.Format;
import dev.keel.export.Source;
import dev.keel.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code export_markdown}: renders Markdown to a PDF/DOCX bundle in outbox/export with the export
 * workflow's {@link Exporter}, in the call, and answers each file's path and SHA-256.
 */
public final class ExportTool {

    private static final Pattern OUTPUT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Exporter exporter;
    private final StorageLayout layout;

    public ExportTool(Exporter exporter, StorageLayout layout) {
        this.exporter = exporter;
        this.layout = layout;
    }

    public KeelTool tool() {
        return new KeelTool("export_markdown", "Render Markdown to PDF and/or DOCX (title page, TOC, page numbers) as a bundle in "
                + "Keel's outbox/export. Returns each file's path and SHA-256 and the zip.",
                KeelTools.schema("\"name\":{\"type\":\"string\",\"description\":\"bundle name: letters, digits, . _ -\"},"
                        + "\"markdown\":{\"type\":\"string\"},"
                        + "\"formats\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"pdf\",\"docx\",\"html\"]}}",
                        "name", "markdown"), this::export);
    }

    private Map<String, Object> export(String agent, Map<String, Object> args) throws IOException {
        String name = KeelTool.text(args, "name", true);
        String markdown = KeelTool.text(args, "markdown", true);
        if (!OUTPUT.matcher(name).matches() || name.contains("..")) {
            throw new ToolRefused("name '" + name + "' must be letters, digits, '.', '_' and '-' (e.g. board-pack)");
        }
        Object requested = args.getOrDefault("formats", List.of("pdf", "docx"));
        if (!(requested instanceof List<?> list) || list.isEmpty()) {
            throw new ToolRefused("formats must be a non-empty list of pdf, docx, html");
        }
        Set<Format> formats;
        try {
            formats = Format.parse(String.join(",", list.stream().map(String::valueOf).toList()));
        } catch (RuntimeException e) {
            throw new ToolRefused(e.getMessage());
        }
        Path root = layout.inbox("export");
        Source source = new Source(name + ".md", markdown, root, root);
        ExportBundle.Result result = exporter.export(new ExportBundle(name, null, List.of(new ExportBundle.Part(name + ".md", () -> source)),
                formats, null, null, null, false));
        if (result.folder() == null) {
            throw new ToolRefused("nothing was exported: " + String.join("; ", result.failures()));
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (String file : result.files()) {
            Path path = result.folder().resolve(file);
            if (Files.isRegularFile(path)) {
                files.add(Map.of("path", path.toString(), "sha256", sha256(path)));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bundle", result.output());
        out.put("zip", Map.of("path", result.zip().toString(), "sha256", sha256(result.zip())));
        out.put("files", files);
        out.put("pages", result.pages());
        out.put("warnings", result.warnings());
        out.put("failures", result.failures());
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
