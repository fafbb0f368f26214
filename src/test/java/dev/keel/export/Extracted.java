package dev.keel.export;

import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/** Text read back out of the outputs, for tests: PDF pages (body without header and footer) and DOCX paragraphs. */
final class Extracted {

    private Extracted() {
    }

    static PDDocument pdf(byte[] bytes) {
        try {
            return Loader.loadPDF(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every page's text, whole. */
    static List<String> pages(byte[] bytes) {
        try (PDDocument doc = pdf(bytes)) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(doc));
            }
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body text of all pages in order, without the running header and footer (the page margins). */
    static String body(byte[] bytes) {
        try (PDDocument doc = pdf(bytes)) {
            StringBuilder text = new StringBuilder();
            PDFTextStripperByArea stripper = new PDFTextStripperByArea();
            stripper.setSortByPosition(true);
            for (PDPage page : doc.getPages()) {
                float mm = 72f / 25.4f;
                var box = page.getMediaBox();
                stripper.addRegion("body", new Rectangle2D.Float(0, 20 * mm, box.getWidth(), box.getHeight() - 40 * mm));
                stripper.extractRegions(page);
                text.append(stripper.getTextForRegion("body")).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paragraph texts of a DOCX, tables' cell paragraphs included, in document order, with their style ids. */
    static List<XWPFParagraph> paragraphs(XWPFDocument doc) {
        List<XWPFParagraph> out = new ArrayList<>();
        for (IBodyElement element : doc.getBodyElements()) {
            if (element instanceof XWPFParagraph p) {
                out.add(p);
            } else if (element instanceof XWPFTable t) {
                t.getRows().forEach(r -> r.getTableCells().forEach(c -> out.addAll(c.getParagraphs())));
            }
        }
        return out;
    }

    static XWPFDocument docx(byte[] bytes) {
        try {
            return new XWPFDocument(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whitespace collapsed and ligatures (ﬁ) unfolded, so wrapped and shaped text compares with the source. */
    static String flat(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }

    /** Index after {@code needle} in {@code haystack} from {@code from}, or -1: for checking order. */
    static int after(String haystack, String needle, int from) {
        int at = haystack.indexOf(needle, from);
        return at < 0 ? -1 : at + needle.length();
    }
}
