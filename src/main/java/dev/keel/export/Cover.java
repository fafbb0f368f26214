package dev.keel.export;

/** What the title page shows (and the PDF's and DOCX's document properties carry). */
public record Cover(String title, String subtitle, String author, String date) {
}
