package dev.keel.export;

/** A template of templates/export/: the stylesheet of the HTML and PDF, the reference .docx whose styles the DOCX uses. */
public record ExportTemplate(String name, String css, byte[] referenceDocx, String origin) {
}
