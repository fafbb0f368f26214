package dev.keel.export;

import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bundle manifest ({@code inbox/export/<name>.yaml}): title, subtitle, author, date, the documents
 * in order (paths relative to the export inbox, in a subfolder), formats, template, toc, cover and
 * the output name (default: the manifest's name). Unknown keys are refused, so a typo is not ignored.
 */
public record ExportManifest(String title, String subtitle, String author, String date, List<String> documents,
                             Set<Format> formats, String template, boolean toc, boolean cover, String output) {

    private static final Set<String> KEYS = Set.of("title", "subtitle", "author", "date", "documents", "formats", "template",
            "toc", "cover", "output");

    public static ExportManifest parse(String name, String text, Set<Format> defaultFormats) {
        if (text.isBlank()) {
            throw new RejectedInputException(name + " is empty: a manifest names at least title and documents");
        }
        Map<String, Object> yaml = TextInput.yamlMapping(name, "the manifest", text);
        List<String> unknown = yaml.keySet().stream().filter(k -> !KEYS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new RejectedInputException(name + ": unknown key(s) " + unknown + "; a manifest takes " + KEYS.stream().sorted().toList());
        }
        String title = FrontMatter.text(yaml, "title");
        if (title == null) {
            throw new RejectedInputException(name + ": the manifest has no 'title'");
        }
        if (!(yaml.get("documents") instanceof List<?> docs) || docs.isEmpty()) {
            throw new RejectedInputException(name + ": 'documents' must be a list of Markdown files, like documents: [docs/intro.md]");
        }
        List<String> documents = new ArrayList<>();
        for (Object doc : docs) {
            if (doc == null || doc instanceof Map || doc instanceof List) {
                throw new RejectedInputException(name + ": a 'documents' entry is not a file path: " + doc);
            }
            documents.add(doc.toString().strip());
        }
        Set<Format> formats = defaultFormats;
        Object rawFormats = yaml.get("formats");
        if (rawFormats != null) {
            try {
                formats = Format.parse(rawFormats instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : rawFormats.toString());
            } catch (IllegalArgumentException e) {
                throw new RejectedInputException(name + ": formats " + e.getMessage());
            }
        }
        String output = FrontMatter.text(yaml, "output");
        if (output == null) {
            output = name.replaceFirst("\\.[^.]+$", "");
        }
        if (!output.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new RejectedInputException(name + ": output '" + output + "' is not a plain name (letters, digits, . _ -)");
        }
        Boolean toc = FrontMatter.flag(yaml, "toc");
        Boolean cover = FrontMatter.flag(yaml, "cover");
        return new ExportManifest(title, FrontMatter.text(yaml, "subtitle"), FrontMatter.text(yaml, "author"),
                FrontMatter.text(yaml, "date"), List.copyOf(documents), formats, FrontMatter.text(yaml, "template"),
                toc == null || toc, cover == null || cover, output);
    }
}
