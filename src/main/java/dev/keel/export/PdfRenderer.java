package dev.keel.export;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.keel.export.internal.RendererLog;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;

/**
 * HTML page to PDF with openhtmltopdf (PDFBox 3): fonts embedded as subsets (with ToUnicode, so the
 * text can be extracted), bookmarks from the page's {@code <bookmarks>}, and nothing loaded from
 * outside the page: images arrive as data URIs, so any other resource is refused.
 */
public final class PdfRenderer {

    private final FontLibrary fonts;

    public PdfRenderer(FontLibrary fonts) {
        this.fonts = fonts;
        RendererLog.install();
    }

    /** A rendered PDF and its page count. */
    public record Pdf(byte[] bytes, int pages) {
    }

    public Pdf render(Document page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        PdfBuilder builder = new PdfBuilder();
        builder.useFastMode();
        // Keel makes the document, so the fonts parsed once per JVM can be embedded in it as subsets
        PDDocument document = new PDDocument();
        builder.usePDDocument(document);
        fonts.register(builder, document, page.text());
        builder.withW3cDocument(new W3CDom().fromJsoup(page), "about:keel");
        builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        builder.withProducer("Keel export (openhtmltopdf)");
        try (document; PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            try (var pdf = renderer.createPDFKeepOpen()) {
                int pages = pdf.getNumberOfPages();
                pdf.save(out);
                return new Pdf(out.toByteArray(), pages);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed: " + e.getMessage(), e);
        }
    }
}
