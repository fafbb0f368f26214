package dev.keel.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Markdown to HTML: what the renderer keeps, drops and marks. */
class MarkdownRendererTest {

    @TempDir
    Path dir;

    private RenderedDocument render(String markdown) {
        return new MarkdownRenderer(100).render(new Source("doc.md", markdown, dir, dir));
    }

    @Test
    void bothPageBreakMarkersBecomeAPageBreakBlock() {
        var doc = render("one\n\n<!-- pagebreak -->\n\ntwo\n\n\\newpage\n\nthree\n\n```\n\\newpage\n```\n");
        assertThat(doc.html().select("div.page-break")).hasSize(2);
        assertThat(doc.html().select("pre").text()).isEqualTo("\\newpage");
    }

    @Test
    void scriptsFramesAndOtherOutsideLoadsAreDropped() {
        var doc = render("# T\n\n<script>alert(1)</script>\n\n<iframe src=\"file:///etc/passwd\"></iframe>\n\n"
                + "<link rel=stylesheet href=\"file:///x.css\">\n\nText <img src=\"file:///etc/hosts\"> stays.\n");
        assertThat(doc.html().select("script, iframe, link")).isEmpty();
        assertThat(doc.html().select("img")).isEmpty();
        assertThat(doc.warnings()).containsExactly("doc.md: image file:///etc/hosts is not a file in the export inbox (only relative"
                + " paths are read); a placeholder is shown instead");
        assertThat(doc.html().body().text()).contains("Text", "stays.");
    }

    @Test
    void frontMatterSetsTheTitleAndADashBlockWithoutKeysIsMarkdown() {
        assertThat(render("---\ntitle: Plan\nauthor: [Ann, Bob]\ntoc: false\n---\n# Heading\n").meta())
                .isEqualTo(new FrontMatter("Plan", null, "Ann, Bob", null, null, false, null));
        var rule = render("---\nFoo\n---\nBar\n");
        assertThat(rule.meta()).isEqualTo(FrontMatter.NONE);
        assertThat(rule.headings()).extracting(Heading::text).containsExactly("Foo");
        assertThat(render("# First\n\ntext\n").title()).isEqualTo("First");
        assertThat(render("text only\n").title()).isEqualTo("doc");
    }

    @Test
    void headingsCarryTheirIdsAndTaskBoxesAreGlyphs() {
        var doc = render("# Über uns\n\n## Plan\n\n- [x] done\n- [ ] open\n");
        assertThat(doc.headings()).containsExactly(new Heading(1, "über-uns", "Über uns"), new Heading(2, "plan", "Plan"));
        assertThat(doc.html().select("input")).isEmpty();
        assertThat(doc.html().select("span.task-box").eachText()).containsExactly("\u2611", "\u2610");
    }

    @Test
    void malformedFrontMatterAndTooManyTableCellsAreRefused() {
        assertThatThrownBy(() -> render("---\ntitle: [open\n---\n# T\n")).hasMessageContaining("doc.md: the front matter is malformed at line");
        assertThatThrownBy(() -> render("| a | b |\n|---|---|\n" + "| 1 | 2 |\n".repeat(60)))
                .hasMessageContaining("brings the document to 122 table cells, over the limit of 100");
    }

    @Test
    void aMissingFallbackFontIsAWarningAndAMissingBodyFontAFailure() throws Exception {
        Path fonts = Files.createDirectories(dir.resolve("fonts"));
        FontLibrary library = FontLibrary.locate(List.of(fonts));   // DejaVu from the classpath, no fallback anywhere
        assertThat(library.gaps("k.md", "Latin and Ελληνικά only")).isEmpty();
        assertThat(library.gaps("k.md", "한국어")).containsExactly("k.md: has Korean text but NanumGothic.ttf (Debian package fonts-nanum)"
                + " is not in [" + fonts + "]; those characters show as empty boxes in the PDF");
        assertThat(library.boxes()).contains("Korean will render as boxes: no NanumGothic.ttf (Debian package fonts-nanum) in [" + fonts + "]")
                .noneMatch(line -> line.startsWith("Latin"));
        ClassLoader noBundledFonts = new ClassLoader(null) {
        };
        assertThatThrownBy(() -> FontLibrary.locate(noBundledFonts, List.of(dir.resolve("nowhere"))))
                .hasMessageContaining("no body font: DejaVuSans.ttf").hasMessageContaining("install Debian's fonts-dejavu-core");
    }
}
