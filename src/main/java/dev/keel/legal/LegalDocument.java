package dev.keel.legal;

import java.util.List;

/** A legal document as its YAML header describes it, with the SHA-256 of the whole file. */
public record LegalDocument(String id, String matter, String title, String jurisdiction, String version,
                            List<String> cites, List<String> sources, String contentHash) {
}
