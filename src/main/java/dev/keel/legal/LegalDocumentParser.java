package dev.keel.legal;

import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a legal document: Markdown opening with a YAML header between {@code ---} lines that names
 * {@code id, matter, title, jurisdiction, version} and {@code cites} (record ids, may be empty);
 * {@code sources} (external references) is optional.
 */
public final class LegalDocumentParser {

    private static final List<String> REQUIRED = List.of("id", "matter", "title", "jurisdiction", "version");

    private LegalDocumentParser() {
    }

    public static LegalDocument parse(String name, byte[] bytes) {
        String text = utf8(name, bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, Object> header = header(name, text);
        for (String key : REQUIRED) {
            Object value = header.get(key);
            if (value == null || value.toString().isBlank()) {
                throw new RejectedInputException(name + ": the YAML header has no '" + key + "'");
            }
        }
        if (!header.containsKey("cites")) {
            throw new RejectedInputException(name + ": the YAML header has no 'cites' (list the data record ids it"
                    + " relies on, or write cites: [] if it relies on none)");
        }
        String id = Ids.check(header.get("id"), name);
        List<String> cites = new ArrayList<>();
        for (Object cite : list(name, "cites", header.get("cites"))) {
            String recordId = Ids.check(cite, name + ": a 'cites' entry");
            if (!cites.contains(recordId)) {
                cites.add(recordId);
            }
        }
        List<String> sources = list(name, "sources", header.getOrDefault("sources", List.of())).stream()
                .map(Object::toString).toList();
        return new LegalDocument(id, text(header, "matter"), text(header, "title"), text(header, "jurisdiction"),
                text(header, "version"), List.copyOf(cites), sources, TextInput.sha256(bytes));
    }

    /** Strict UTF-8: a file with invalid bytes or NULs is refused, not read with replacement characters. */
    static String utf8(String name, byte[] bytes) {
        return TextInput.utf8(name, bytes);
    }

    private static Map<String, Object> header(String name, String text) {
        return TextInput.frontMatter(name, text).map(TextInput.FrontMatter::header).orElseThrow(() -> new RejectedInputException(
                name + " has no YAML header: a legal document starts with a '---' line"));
    }

    private static List<?> list(String name, String key, Object value) {
        if (value instanceof List<?> items) {
            return items;
        }
        throw new RejectedInputException(name + ": '" + key + "' must be a list, like " + key + ": [a, b]");
    }

    private static String text(Map<String, Object> header, String key) {
        return header.get(key).toString().strip();
    }
}
