package dev.keel.export;

import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * One face for one PDF: made from the font Keel parsed once for the JVM ({@link FontFile#parsed()})
 * when the layout first asks for it, embedded as a subset of the glyphs the document uses. A face the
 * document never uses costs nothing; before, every registered face was parsed again for every PDF.
 */
final class SubsetFont extends PDFontSupplier {

    private final PDDocument document;
    private final FontFile file;
    private PDFont font;

    SubsetFont(PDDocument document, FontFile file) {
        super(null);
        this.document = document;
        this.file = file;
    }

    @Override
    public PDFont supply() {
        if (font == null) {
            try {
                // the TrueTypeFont is shared: PDFBox reads its tables under a lock and subsets from a copy of its bytes
                font = PDType0Font.load(document, file.parsed(), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot embed font " + file + ": " + e.getMessage(), e);
            }
        }
        return font;
    }
}
