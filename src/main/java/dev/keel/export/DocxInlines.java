package dev.keel.export;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.Code;
import com.vladsch.flexmark.ast.Emphasis;
import com.vladsch.flexmark.ast.HardLineBreak;
import com.vladsch.flexmark.ast.HtmlEntity;
import com.vladsch.flexmark.ast.HtmlInlineBase;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.ImageRef;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ast.LinkRef;
import com.vladsch.flexmark.ast.MailLink;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.ast.SoftLineBreak;
import com.vladsch.flexmark.ast.StrongEmphasis;
import com.vladsch.flexmark.ast.Text;
import com.vladsch.flexmark.ext.footnotes.Footnote;
import com.vladsch.flexmark.ext.footnotes.FootnoteBlock;
import com.vladsch.flexmark.ext.gfm.strikethrough.Strikethrough;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.VerticalAlign;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;

/** The inline half of the DOCX walk: text, emphasis, code, links, images and footnote marks as runs of one paragraph. */
final class DocxInlines {

    private static final double MAX_IMAGE_WIDTH_PT = 450;

    /** The formatting in effect for the runs being written. */
    private record Style(boolean bold, boolean italic, boolean strike, boolean code, String link) {
        static final Style PLAIN = new Style(false, false, false, false, null);
    }

    private final RenderedDocument document;
    private final List<FootnoteBlock> notes;

    DocxInlines(RenderedDocument document, List<FootnoteBlock> notes) {
        this.document = document;
        this.notes = notes;
    }

    /** Writes {@code block}'s inline children into {@code p}, after {@code prefix} if there is one. */
    void add(XWPFParagraph p, Node block, String prefix) {
        if (prefix != null) {
            p.createRun().setText(prefix);
        }
        children(p, block, Style.PLAIN);
    }

    private void children(XWPFParagraph p, Node parent, Style style) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            inline(p, n, style);
        }
    }

    private void inline(XWPFParagraph p, Node n, Style style) {
        if (n instanceof Text || n instanceof HtmlEntity) {
            text(p, n instanceof HtmlEntity ? n.getChars().unescape() : n.getChars().unescape(), style);
        } else if (n instanceof StrongEmphasis) {
            children(p, n, new Style(true, style.italic(), style.strike(), style.code(), style.link()));
        } else if (n instanceof Emphasis) {
            children(p, n, new Style(style.bold(), true, style.strike(), style.code(), style.link()));
        } else if (n instanceof Strikethrough) {
            children(p, n, new Style(style.bold(), style.italic(), true, style.code(), style.link()));
        } else if (n instanceof Code code) {
            text(p, code.getText().toString(), new Style(style.bold(), style.italic(), style.strike(), true, style.link()));
        } else if (n instanceof Link link) {
            linked(p, n, link.getUrl().unescape(), style);
        } else if (n instanceof AutoLink link) {
            text(p, link.getText().toString(), withLink(style, link.getUrl().toString()));
        } else if (n instanceof MailLink mail) {
            text(p, mail.getText().toString(), withLink(style, "mailto:" + mail.getText()));
        } else if (n instanceof LinkRef ref) {
            Reference target = ref.isDefined() ? ref.getReferenceNode(ref.getDocument()) : null;
            if (target != null) {
                linked(p, n, target.getUrl().unescape(), style);
            } else {
                text(p, ref.getChars().toString(), style);
            }
        } else if (n instanceof Image image) {
            image(p, image.getUrl().unescape(), image.getText().toString());
        } else if (n instanceof ImageRef ref) {
            Reference target = ref.isDefined() ? ref.getReferenceNode(ref.getDocument()) : null;
            image(p, target == null ? "" : target.getUrl().unescape(), ref.getText().toString());
        } else if (n instanceof SoftLineBreak) {
            text(p, " ", style);
        } else if (n instanceof HardLineBreak) {
            p.createRun().addBreak();
        } else if (n instanceof Footnote note) {
            footnote(p, note);
        } else if (n instanceof HtmlInlineBase) {
            if (n.getChars().toString().matches("(?i)<br\\s*/?>")) {
                p.createRun().addBreak();
            }
        } else if (n.hasChildren()) {
            children(p, n, style);
        } else if (n instanceof TextContainer) {
            text(p, n.getChars().unescape(), style);
        }
    }

    private void linked(XWPFParagraph p, Node link, String url, Style style) {
        children(p, link, url.startsWith("#") ? style : withLink(style, url));
    }

    private static Style withLink(Style style, String url) {
        return new Style(style.bold(), style.italic(), style.strike(), style.code(), uri(url));
    }

    /** A URL Word accepts: characters a URI may not hold are percent-encoded; what still is no URI stays plain text (null). */
    static String uri(String url) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : url.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && "\\\"<>{}|^`[] ".indexOf(c) < 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        try {
            return encoded.isEmpty() ? null : new java.net.URI(encoded.toString()).toString();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static void text(XWPFParagraph p, String text, Style style) {
        if (text.isEmpty()) {
            return;
        }
        XWPFRun run = style.link() != null && !style.link().isBlank() ? p.createHyperlinkRun(style.link()) : p.createRun();
        if (run instanceof XWPFHyperlinkRun) {
            run.setStyle("Hyperlink");
        }
        if (style.code()) {
            run.setStyle("VerbatimChar");
        }
        // only what the text adds: an explicit "not bold" would also undo the bold of a heading's style
        if (style.bold()) {
            run.setBold(true);
        }
        if (style.italic()) {
            run.setItalic(true);
        }
        if (style.strike()) {
            run.setStrikeThrough(true);
        }
        run.setText(text);
    }

    private void image(XWPFParagraph p, String url, String alt) {
        dev.keel.export.Image image = document.images().get(url);
        if (image == null) {
            XWPFRun run = p.createRun();
            run.setItalic(true);
            run.setText("[image: " + (alt.isBlank() ? url : alt) + " \u2014 not found]");
            return;
        }
        double scale = Math.min(1.0, MAX_IMAGE_WIDTH_PT / Math.max(1, image.width()));
        int type = switch (image.mediaType()) {
            case "image/png" -> Document.PICTURE_TYPE_PNG;
            case "image/gif" -> Document.PICTURE_TYPE_GIF;
            default -> Document.PICTURE_TYPE_JPEG;
        };
        try {
            p.createRun().addPicture(new ByteArrayInputStream(image.bytes()), type, url, Units.toEMU(image.width() * scale),
                    Units.toEMU(image.height() * scale));
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            p.createRun().setText("[image: " + alt + " \u2014 " + e.getMessage() + "]");
        }
    }

    private void footnote(XWPFParagraph p, Footnote note) {
        FootnoteBlock block = note.getFootnoteBlock();
        if (block != null && !notes.contains(block)) {
            notes.add(block);
        }
        XWPFRun run = p.createRun();
        run.setSubscript(VerticalAlign.SUPERSCRIPT);
        run.setText(block == null ? "[" + note.getText() + "]" : String.valueOf(notes.indexOf(block) + 1));
    }
}
