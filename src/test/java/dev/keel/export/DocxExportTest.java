package dev.keel.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.footnotes.FootnoteBlock;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document written as DOCX and read back with POI. */
class DocxExportTest {

    @TempDir
    static Path dir;

    static RenderedDocument doc;
    static XWPFDocument docx;

    @BeforeAll
    static void render() {
        doc = ExportFixtures.render("board.md", ExportFixtures.MULTILINGUAL, dir);
        ExportEngines e = ExportFixtures.engines();
        docx = Extracted.docx(e.docx().render(doc, new Cover(doc.title(), "Q3 2026", "Ann Example", "2026-10-01"),
                e.templates().get("default")));
    }

    @Test
    void everyParagraphAndHeadingIsThereInOrder() {
        String text = Extracted.flat(Extracted.paragraphs(docx).stream().map(XWPFParagraph::getText).collect(Collectors.joining("\n")));
        int at = 0;
        for (Node n : doc.ast().getDescendants()) {
            if ((n instanceof Heading || n instanceof Paragraph) && n.getAncestorOfType(FootnoteBlock.class) == null) {
                String block = Extracted.flat(new TextCollectingVisitor().collectAndGetText(n));
                int next = Extracted.after(text, block, at);
                assertThat(next).as("'%s' after %d in%n%s", block, at, text).isPositive();
                at = next;
            }
        }
        assertThat(text.indexOf("The footnote text.", at)).isPositive();
        assertThat(text).contains("съешь же ещё", "Καλημέρα κόσμε", Extracted.flat("你好，世界"), "안녕하세요 세계", "✓ ★ ☂ ♞ ⚡");
    }

    @Test
    void runsCarryOnlyTheEmphasisTheTextAddsSoHeadingsKeepTheirStylesBold() {
        List<XWPFRun> runs = Extracted.paragraphs(docx).stream().flatMap(p -> p.getRuns().stream()).toList();
        assertThat(runs).filteredOn(r -> r.text().equals("bold")).singleElement().satisfies(r -> assertThat(r.isBold()).isTrue());
        assertThat(runs).filteredOn(r -> r.text().equals("italic")).singleElement().satisfies(r -> assertThat(r.isItalic()).isTrue());
        assertThat(runs).filteredOn(r -> r.text().equals("struck")).singleElement().satisfies(r -> assertThat(r.isStrikeThrough()).isTrue());
        XWPFParagraph heading = docx.getParagraphs().stream().filter(p -> "Heading1".equals(p.getStyleID())).findFirst().orElseThrow();
        // no run property of its own: the text is as bold as the heading style makes it
        assertThat(heading.getRuns()).allSatisfy(r -> assertThat(r.getCTR().getRPr() == null || r.getCTR().getRPr().sizeOfBArray() == 0).isTrue());
        assertThat(docx.getStyles().getStyle("Heading1").getCTStyle().getRPr().sizeOfBArray()).isEqualTo(1);
    }

    @Test
    void headingsUseWordsHeadingStylesFromTheReferenceDocument() {
        List<String> headings = docx.getParagraphs().stream().filter(p -> p.getStyleID() != null && p.getStyleID().startsWith("Heading"))
                .map(p -> p.getStyleID() + ":" + p.getText()).toList();
        assertThat(headings).containsExactly("Heading1:Overview", "Heading2:Figures", "Heading1:Appendix");
        assertThat(docx.getStyles().getStyle("Heading1").getName()).isEqualTo("heading 1");
        assertThat(docx.getStyles().getStyle("Heading2").getName()).isEqualTo("heading 2");
        assertThat(docx.getStyles().getStyle("Heading1").getCTStyle().getPPr().getOutlineLvl().getVal().intValue()).isZero();
        assertThat(docx.getParagraphs().get(0).getStyleID()).isEqualTo("Title");
    }

    @Test
    void listsAreNumberedAndTasksShowTheirBox() {
        List<XWPFParagraph> items = docx.getParagraphs().stream().filter(p -> p.getNumID() != null).toList();
        assertThat(items).extracting(XWPFParagraph::getText)
                .containsExactly("\u2611 budget approved", "\u2610 hiring plan", "first step", "second step", "nested bullet");
        assertThat(items.get(4).getNumIlvl().intValue()).isEqualTo(1);
        assertThat(items.get(2).getNumID()).isNotEqualTo(items.get(0).getNumID());
        assertThat(docx.getNumbering().getNum(items.get(2).getNumID())).isNotNull();
    }

    @Test
    void tablesKeepTheirHeaderRowAndCodeIsMonospace() {
        XWPFTable table = docx.getTables().get(0);
        assertThat(table.getRow(0).isRepeatHeader()).isTrue();
        assertThat(table.getRow(0).getCell(0).getText()).isEqualTo("Region");
        assertThat(table.getRow(2).getCell(2).getText()).isEqualTo("growing");
        XWPFParagraph code = docx.getParagraphs().stream().filter(p -> "SourceCode".equals(p.getStyleID())).findFirst().orElseThrow();
        assertThat(code.getText()).contains("public static void main(String[] args) {}");
        assertThat(docx.getStyles().getStyle("SourceCode").getCTStyle().getRPr().getRFontsArray(0).getAscii()).isEqualTo("DejaVu Sans Mono");
    }

    @Test
    void linksAreHyperlinksAndThePropertiesComeFromTheFrontMatter() {
        List<String> urls = docx.getParagraphs().stream().flatMap(p -> p.getRuns().stream())
                .filter(r -> r instanceof XWPFHyperlinkRun).map(r -> ((XWPFHyperlinkRun) r).getHyperlink(docx).getURL()).toList();
        assertThat(urls).contains("https://example.org/board");
        var core = docx.getProperties().getCoreProperties();
        assertThat(core.getTitle()).isEqualTo("Quarterly Board Pack");
        assertThat(core.getCreator()).isEqualTo("Ann Example");
        assertThat(core.getCreated().toInstant().toString()).startsWith("2026-10-01");
    }

    @Test
    void thePageBreakMarkerBreaksThePage() {
        boolean broken = docx.getParagraphs().stream().flatMap(p -> p.getRuns().stream())
                .anyMatch(r -> r.getCTR().getBrList().stream().anyMatch(b -> b.getType() != null && "page".equals(b.getType().toString())));
        assertThat(broken).isTrue();
    }
}
