package dev.keel.export;

/** A heading of a rendered document: level 1-6, its anchor id in the HTML, its text. */
public record Heading(int level, String id, String text) {
}
