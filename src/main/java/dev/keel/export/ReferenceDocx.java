package dev.keel.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblBorders;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STShd;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Makes the reference .docx shipped as templates/export/default/reference.docx: Word's built-in
 * style names ("heading 1" … "heading 6", "Title", "Subtitle", "Quote", "List Paragraph", "Hyperlink",
 * "Table Grid") with ids Word uses (Heading1 …), so its navigation pane and TOC field work. Regenerate
 * with {@code java -cp target/keel.jar dev.keel.export.ReferenceDocx templates/export/default/reference.docx};
 * a template of one's own can instead be any .docx saved from Word with these styles.
 */
public final class ReferenceDocx {

    static final String BODY_FONT = "DejaVu Sans";
    static final String MONO_FONT = "DejaVu Sans Mono";
    static final String EAST_ASIAN_FONT = "Droid Sans Fallback";

    private ReferenceDocx() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "templates/export/default/reference.docx");
        Files.write(target, create());
        System.out.println("wrote " + target);
    }

    public static byte[] create() {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = doc.createStyles();
            List<CTStyle> made = new ArrayList<>();
            CTStyle normal = paragraph(made, "Normal", "Normal", null, 21);
            normal.setDefault(true);
            fonts(normal.getRPr(), BODY_FONT);
            normal.getPPr().addNewSpacing().setAfter(BigInteger.valueOf(120));
            int[] sizes = {36, 30, 26, 23, 22, 21};
            for (int level = 1; level <= 6; level++) {
                CTStyle h = paragraph(made, "Heading" + level, "heading " + level, "Normal", sizes[level - 1]);
                h.getRPr().addNewB();
                h.getPPr().addNewKeepNext();
                h.getPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1));
                h.getPPr().addNewSpacing().setBefore(BigInteger.valueOf(level == 1 ? 360 : 240));
                h.addNewUiPriority().setVal(BigInteger.valueOf(9));
            }
            paragraph(made, "Title", "Title", "Normal", 52).getRPr().addNewB();
            paragraph(made, "Subtitle", "Subtitle", "Normal", 30);
            CTStyle code = paragraph(made, "SourceCode", "Source Code", "Normal", 18);
            fonts(code.getRPr(), MONO_FONT);
            code.getPPr().addNewShd().setVal(STShd.CLEAR);
            code.getPPr().getShd().setFill("F4F4F4");
            code.getPPr().addNewSpacing().setAfter(BigInteger.ZERO);
            CTStyle quote = paragraph(made, "Quote", "Quote", "Normal", 21);
            quote.getRPr().addNewI();
            quote.getPPr().addNewInd().setLeft(BigInteger.valueOf(567));
            paragraph(made, "ListParagraph", "List Paragraph", "Normal", 21).getPPr().addNewContextualSpacing();
            paragraph(made, "TOCHeading", "TOC Heading", "Heading1", 32);
            paragraph(made, "FootnoteText", "footnote text", "Normal", 18);
            CTStyle verbatim = character(made, "VerbatimChar", "Verbatim Char");
            fonts(verbatim.getRPr(), MONO_FONT);
            verbatim.getRPr().addNewSz().setVal(BigInteger.valueOf(19));
            CTStyle link = character(made, "Hyperlink", "Hyperlink");
            link.getRPr().addNewColor().setVal("1A4FA0");
            link.getRPr().addNewU().setVal(org.openxmlformats.schemas.wordprocessingml.x2006.main.STUnderline.SINGLE);
            tableGrid(styles);
            // XWPFStyles stores a copy of each style, so they are added once complete
            for (CTStyle style : made) {
                styles.addStyle(new XWPFStyle(style));
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CTStyle paragraph(List<CTStyle> made, String id, String name, String basedOn, int halfPoints) {
        CTStyle style = CTStyle.Factory.newInstance();
        made.add(style);
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        if (basedOn != null) {
            style.addNewBasedOn().setVal(basedOn);
            style.addNewNext().setVal("Normal");
        }
        style.addNewQFormat();
        style.addNewPPr();
        style.addNewRPr().addNewSz().setVal(BigInteger.valueOf(halfPoints));
        return style;
    }

    private static CTStyle character(List<CTStyle> made, String id, String name) {
        CTStyle style = CTStyle.Factory.newInstance();
        made.add(style);
        style.setStyleId(id);
        style.setType(STStyleType.CHARACTER);
        style.addNewName().setVal(name);
        style.addNewRPr();
        return style;
    }

    private static void fonts(CTRPr rpr, String font) {
        CTFonts fonts = rpr.addNewRFonts();
        fonts.setAscii(font);
        fonts.setHAnsi(font);
        fonts.setCs(font);
        fonts.setEastAsia(EAST_ASIAN_FONT);
    }

    private static void tableGrid(XWPFStyles styles) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId("TableGrid");
        style.setType(STStyleType.TABLE);
        style.addNewName().setVal("Table Grid");
        CTTblBorders borders = style.addNewTblPr().addNewTblBorders();
        for (CTBorder b : new CTBorder[] {borders.addNewTop(), borders.addNewBottom(), borders.addNewLeft(), borders.addNewRight(),
                borders.addNewInsideH(), borders.addNewInsideV()}) {
            b.setVal(STBorder.SINGLE);
            b.setSz(BigInteger.valueOf(4));
            b.setColor("999999");
        }
        styles.addStyle(new XWPFStyle(style));
    }
}
