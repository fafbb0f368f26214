package dev.keel.export;

import java.util.List;
import java.util.Set;

/**
 * What to export as one bundle: its output name, the documents in order, formats, template, and for
 * a manifest the title page and whether a combined PDF (one TOC over all documents) is made. Null
 * toc/cover/template leave the choice to each document's front matter.
 */
public record ExportBundle(String output, Cover cover, List<Part> parts, Set<Format> formats, String template,
                           Boolean toc, Boolean withCover, boolean combined) {

    /** One document: its name in reasons, and how to read it (which may fail on its own). */
    public record Part(String name, Loader loader) {
    }

    /** Reads a document; a failure here fails that document only. */
    @FunctionalInterface
    public interface Loader {
        Source load() throws Exception;
    }

    /** What an export wrote and what went wrong on the way. */
    public record Result(String output, java.nio.file.Path folder, java.nio.file.Path zip, List<String> files, int documents,
                         int pages, List<String> warnings, List<String> failures) {
    }
}
