package dev.keel.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.footnotes.FootnoteBlock;
import com.vladsch.flexmark.util.ast.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document rendered to PDF and read back with PDFBox. */
class PdfExportTest {

    @TempDir
    static Path dir;

    static RenderedDocument doc;
    static byte[] pdf;
    static int pageCount;

    @BeforeAll
    static void render() {
        doc = ExportFixtures.render("board.md", ExportFixtures.MULTILINGUAL, dir);
        ExportEngines e = ExportFixtures.engines();
        var page = HtmlPage.compose(e.templates().get("default"), new Cover(doc.title(), "Q3 2026", "Ann Example", "2026-10-01"),
                true, true, List.of(doc));
        PdfRenderer.Pdf out = e.pdf().render(page);
        pdf = out.bytes();
        pageCount = out.pages();
    }

    /** Every paragraph and heading of the Markdown, as text, in source order. */
    static List<String> sourceBlocks(RenderedDocument doc) {
        List<String> blocks = new ArrayList<>();
        for (Node n : doc.ast().getDescendants()) {
            // footnote texts are set at the end of the document, not where they are defined
            if ((n instanceof Heading || n instanceof Paragraph) && n.getAncestorOfType(FootnoteBlock.class) == null) {
                blocks.add(Extracted.flat(new TextCollectingVisitor().collectAndGetText(n)));
            }
        }
        return blocks;
    }

    @Test
    void everyParagraphAndHeadingIsInThePdfInOrder() {
        ExportFixtures.assumeFontsFor(FontLibrary.Script.CJK, FontLibrary.Script.HANGUL, FontLibrary.Script.SYMBOLS);
        String body = Extracted.flat(Extracted.body(pdf));
        List<String> blocks = sourceBlocks(doc);
        assertThat(blocks).hasSizeGreaterThan(12);
        int at = body.indexOf("Contents") + 1;
        at = Extracted.after(body, "Overview", body.indexOf("Appendix", at));   // past the contents, into the text
        at = body.indexOf("Overview", at - "Overview".length());
        for (String block : blocks) {
            int next = Extracted.after(body, block, at);
            assertThat(next).as("'%s' after position %d of:%n%s", block, at, body).isPositive();
            at = next;
        }
        assertThat(body.indexOf("The footnote text.", at)).as("the footnote, after the text").isPositive();
    }

    @Test
    void nonLatinTextSurvivesExtraction() {
        ExportFixtures.assumeFontsFor(FontLibrary.Script.CJK, FontLibrary.Script.HANGUL, FontLibrary.Script.SYMBOLS);
        String body = Extracted.flat(Extracted.body(pdf));
        assertThat(body).contains(Extracted.flat("你好，世界"), "съешь же ещё этих мягких французских булок", "Καλημέρα κόσμε", "こんにちは世界、カタカナ",
                "안녕하세요 세계", "✓ ★ ☂ ♞ ⚡");
    }

    @Test
    void documentsRenderedAtOnceShareTheParsedFontsAndEachKeepsItsOwnText() throws Exception {
        ExportFixtures.assumeFontsFor(FontLibrary.Script.CJK, FontLibrary.Script.HANGUL, FontLibrary.Script.SYMBOLS);
        ExportEngines e = ExportFixtures.engines();
        List<String> texts = List.of("# 第一\n\n你好，世界 one 안녕하세요 ✓\n", "# 第二\n\n日本語のテキスト two 세계 ★\n",
                "# Третий\n\nкириллица three 中文 ☂\n", "# Τέταρτο\n\nΚαλημέρα four 한국어 ♞\n");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> bodies = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < texts.size(); i++) {
                    String markdown = texts.get(i);
                    String name = "at-once-" + round + "-" + i + ".md";
                    bodies.add(pool.submit(() -> {
                        RenderedDocument d = ExportFixtures.render(name, markdown, dir);
                        var page = HtmlPage.compose(e.templates().get("default"), new Cover(d.title(), null, null, "2026-10-01"),
                                false, false, List.of(d));
                        return Extracted.flat(Extracted.body(e.pdf().render(page).bytes()));
                    }));
                }
            }
            for (int k = 0; k < bodies.size(); k++) {
                String words = texts.get(k % texts.size()).split("\n\n")[1].trim();
                assertThat(bodies.get(k).get()).contains(Extracted.flat(words));
            }
        } finally {
            pool.shutdownNow();
        }
        // one parse per font for the whole JVM: every render above and in this class used the same instances
        FontFile cjk = e.fonts().found().entrySet().stream().filter(f -> f.getKey().script() == FontLibrary.Script.CJK)
                .map(java.util.Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(cjk.parsed()).isSameAs(cjk.parsed());
    }

    @Test
    void everyFontIsEmbeddedWithAToUnicodeMap() throws Exception {
        ExportFixtures.assumeFontsFor(FontLibrary.Script.CJK, FontLibrary.Script.HANGUL, FontLibrary.Script.SYMBOLS);
        try (PDDocument d = Extracted.pdf(pdf)) {
            List<String> names = new ArrayList<>();
            for (var page : d.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    assertThat(font).isInstanceOf(PDType0Font.class);
                    assertThat(font.getCOSObject().containsKey(org.apache.pdfbox.cos.COSName.TO_UNICODE)).as(font.getName()).isTrue();
                    names.add(font.getName());
                }
            }
            assertThat(String.join(",", names)).contains("DejaVuSans", "DroidSansFallback", "NanumGothic");
        }
    }

    @Test
    void latinCyrillicAndGreekRenderWithTheFontsTheBuildCarries(@TempDir Path noSystemFonts) throws Exception {
        FontLibrary bundledOnly = FontLibrary.locate(List.of(noSystemFonts));
        assertThat(bundledOnly.found().values()).allMatch(FontFile::bundled).isNotEmpty();
        RenderedDocument text = ExportFixtures.render("europe.md", "# Εὐρώπη\n\nLatin café, кириллица ёж, Ελληνικά ψυχή.\n", noSystemFonts);
        ExportEngines e = ExportFixtures.engines();
        byte[] bytes = new PdfRenderer(bundledOnly).render(HtmlPage.compose(e.templates().get("default"), new Cover("Europe", null, null, null),
                false, false, List.of(text))).bytes();
        assertThat(Extracted.flat(Extracted.body(bytes))).contains("Latin café, кириллица ёж, Ελληνικά ψυχή.");
        try (PDDocument d = Extracted.pdf(bytes)) {
            for (var name : d.getPage(0).getResources().getFontNames()) {
                PDFont font = d.getPage(0).getResources().getFont(name);
                assertThat(font.getName()).contains("DejaVu");
                assertThat(font.isEmbedded()).isTrue();
            }
        }
    }

    @Test
    void theOutlineHasTheHeadingsNested() throws Exception {
        try (PDDocument d = Extracted.pdf(pdf)) {
            var outline = d.getDocumentCatalog().getDocumentOutline();
            assertThat(outline).isNotNull();
            List<String> top = new ArrayList<>();
            for (PDOutlineItem item : outline.children()) {
                top.add(item.getTitle());
            }
            assertThat(top).containsExactly("Overview", "Appendix");
            assertThat(outline.getFirstChild().getFirstChild().getTitle()).isEqualTo("Figures");
            assertThat(outline.getFirstChild().findDestinationPage(d)).isNotNull();
        }
    }

    @Test
    void theContentsGiveThePageEachHeadingIsOn() {
        List<String> pages = Extracted.pages(pdf);
        assertThat(pages.get(0)).contains("Quarterly Board Pack", "Q3 2026", "Ann Example", "2026-10-01");
        String contents = pages.get(1);
        assertThat(contents).contains("Contents");
        for (String heading : List.of("Overview", "Figures", "Appendix")) {
            var m = java.util.regex.Pattern.compile(heading + "[ .]*\\.\\s*(\\d+)").matcher(contents);
            assertThat(m.find()).as(heading + " in " + contents).isTrue();
            int page = Integer.parseInt(m.group(1));
            assertThat(pages.get(page - 1)).as("page %d", page).contains(heading);
        }
        assertThat(pages.get(3)).as("the page-break marker starts the appendix on its own page").contains("Appendix")
                .doesNotContain("Figures");
    }

    @Test
    void pagesAfterTheTitlePageSayPageXOfYAndCarryTheRunningHeader() {
        List<String> pages = Extracted.pages(pdf);
        assertThat(pages).hasSize(pageCount);
        assertThat(pages.get(0)).doesNotContain("Page 1 of");
        for (int i = 1; i < pages.size(); i++) {
            assertThat(pages.get(i)).contains("Page " + (i + 1) + " of " + pageCount, "Quarterly Board Pack");
        }
    }

    @Test
    void linksAreClickableAndTheMetadataCarriesTitleAndAuthor() throws Exception {
        try (PDDocument d = Extracted.pdf(pdf)) {
            List<String> uris = new ArrayList<>();
            for (var page : d.getPages()) {
                for (var a : page.getAnnotations()) {
                    if (a instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI uri) {
                        uris.add(uri.getURI());
                    }
                }
            }
            assertThat(uris).contains("https://example.org/board");
            assertThat(d.getDocumentInformation().getTitle()).isEqualTo("Quarterly Board Pack");
            assertThat(d.getDocumentInformation().getAuthor()).isEqualTo("Ann Example");
        }
    }

    @Test
    void aLongTableRepeatsItsHeaderRowOnEveryPage() {
        StringBuilder md = new StringBuilder("# Ledger\n\n| Account | Amount |\n|---|---:|\n");
        for (int i = 1; i <= 400; i++) {
            md.append("| account-").append(i).append(" | ").append(i * 3).append(" |\n");
        }
        RenderedDocument table = ExportFixtures.render("ledger.md", md.toString(), dir);
        ExportEngines e = ExportFixtures.engines();
        byte[] bytes = e.pdf().render(HtmlPage.compose(e.templates().get("default"), new Cover("Ledger", null, null, null), false, false,
                List.of(table))).bytes();
        List<String> pages = Extracted.pages(bytes);
        assertThat(pages.size()).isGreaterThan(3);
        pages.forEach(p -> assertThat(p).contains("Account Amount"));
        assertThat(Extracted.flat(String.join(" ", pages))).contains("account-400 1200");
    }
}
