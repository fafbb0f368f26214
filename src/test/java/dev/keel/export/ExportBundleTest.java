package dev.keel.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.Backups;
import dev.keel.storage.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles from manifests and single files, and the inputs the exporter must refuse or report. */
class ExportBundleTest {

    @TempDir
    Path home;

    Path inbox;
    Path outbox;
    Exporter exporter;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(home.resolve("inbox/export"));
        outbox = home.resolve("outbox/export");
        exporter = new Exporter(ExportFixtures.settings(Path.of("templates/export")), outbox, home.resolve("ops/configs/EXPORT_PIPELINE.md"),
                Clock.systemUTC());
        Files.createDirectories(inbox.resolve("docs"));
        Files.writeString(inbox.resolve("docs/intro.md"), "# Introduction\n\nWhy this pack exists.\n\n## Scope\n\nWhat it covers.\n");
        Files.writeString(inbox.resolve("docs/numbers.md"), "# Numbers\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    }

    private ExportBundle.Result export(String name, String text) {
        return exporter.export(ExportRequests.of(name, text.getBytes(StandardCharsets.UTF_8), inbox, EnumSet.of(Format.PDF, Format.DOCX)));
    }

    @Test
    void aManifestMakesEachDocumentACombinedPdfWithOneContentsAndAVerifiedZip() throws Exception {
        ExportBundle.Result result = export("board.yaml", """
                title: Board Pack
                author: Ann Example
                date: 2026-10-01
                documents: [docs/intro.md, docs/numbers.md]
                formats: [pdf, docx, html]
                """);
        assertThat(result.failures()).isEmpty();
        assertThat(result.files()).containsExactly("intro.pdf", "intro.docx", "intro.html", "numbers.pdf", "numbers.docx", "numbers.html",
                "board.pdf", "EXPORT.md");
        assertThat(outbox.resolve("board")).isDirectory();
        Backups.Verification zip = Backups.verify(outbox.resolve("board.zip"));
        assertThat(zip.ok()).as(zip.problems().toString()).isTrue();
        assertThat(zip.entries()).isEqualTo(8);
        List<String> pages = Extracted.pages(read(outbox.resolve("board/board.pdf")));
        assertThat(pages.get(0)).contains("Board Pack", "Ann Example");
        assertThat(String.join("", pages).split("Contents", -1)).as("one contents").hasSize(2);
        assertThat(pages.get(1)).contains("Introduction", "Scope", "Numbers");
        assertThat(Extracted.flat(String.join(" ", pages))).contains("Why this pack exists.", "What it covers.");
        assertThat(home.resolve("ops/configs/EXPORT_PIPELINE.md")).content().contains("DejaVuSans.ttf", "| default |");
        assertThat(outbox.resolve("board/intro.html")).content().contains("<h1 id=\"introduction\">Introduction</h1>");
    }

    @Test
    void aBadDocumentIsReportedAndTheOthersAreStillExported() throws Exception {
        Files.write(inbox.resolve("docs/broken.md"), new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        ExportBundle.Result result = export("pack.yaml", "title: Pack\ndocuments: [docs/intro.md, docs/broken.md, docs/gone.md, docs/numbers.md]\n");
        assertThat(result.documents()).isEqualTo(2);
        assertThat(result.failures()).containsExactly("docs/broken.md is not UTF-8 text",
                "docs/gone.md: not found in the export inbox");
        assertThat(outbox.resolve("pack/intro.pdf")).exists();
        assertThat(outbox.resolve("pack/numbers.docx")).exists();
        assertThat(outbox.resolve("pack/EXPORT.md")).content().contains("| docs/broken.md | **failed**: docs/broken.md is not UTF-8 text |");
        assertThat(Backups.verify(outbox.resolve("pack.zip")).ok()).isTrue();
    }

    @Test
    void aManifestPointingOutsideTheInboxIsRefusedBeforeAnythingIsWritten() throws Exception {
        Files.writeString(home.resolve("secret.md"), "# not for export\n");
        Files.createSymbolicLink(inbox.resolve("docs/escape.md"), home.resolve("secret.md"));
        for (String doc : List.of("../../secret.md", "docs/../../secret.md", home.resolve("secret.md").toString(), "docs/escape.md",
                "intro.md", ".inprogress/x.md")) {
            assertThatThrownBy(() -> export("evil.yaml", "title: Evil\ndocuments: [\"" + doc + "\"]\n"))
                    .isInstanceOf(RejectedInputException.class).hasMessageContaining("evil.yaml: document '" + doc + "'")
                    .hasMessageContaining("nothing was exported");
        }
        assertThat(outbox.resolve("evil")).doesNotExist();
    }

    @Test
    void unknownTemplatesEmptyFilesAndBadManifestsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> export("t.yaml", "title: T\ntemplate: fancy\ndocuments: [docs/intro.md]\n"))
                .hasMessageContaining("unknown template 'fancy'; templates: default, serif");
        assertThat(export("t.md", "---\ntemplate: fancy\n---\n# T\n").failures())
                .singleElement().asString().startsWith("t.md: unknown template 'fancy'; templates: default, serif");
        assertThatThrownBy(() -> export("empty.md", "")).hasMessage("empty.md is empty: there is nothing to export");
        assertThatThrownBy(() -> export("blank.md", "  \n\n")).hasMessage("blank.md is empty: there is nothing to export");
        assertThatThrownBy(() -> export("m.yaml", "title: T\ndocumnets: [docs/intro.md]\n")).hasMessageContaining("unknown key(s) [documnets]");
        assertThatThrownBy(() -> export("m.yaml", "title: T\ndocuments: [docs/intro.md]\nformats: [pdf, odt]\n"))
                .hasMessageContaining("'odt' is not a format; use pdf|docx|html");
        assertThatThrownBy(() -> export("m.yaml", "title: [unclosed\n")).hasMessageContaining("the manifest is malformed at line");
        assertThatThrownBy(() -> exporter.export(ExportRequests.of("bin.md", new byte[] {'a', (byte) 0xFF}, inbox, EnumSet.of(Format.PDF))))
                .hasMessage("bin.md is not UTF-8 text");
    }

    @Test
    void aMissingImageIsAPlaceholderAndAWarningNotAFailure() throws Exception {
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                inbox.resolve("docs/chart.png").toFile());
        Files.writeString(inbox.resolve("docs/pics.md"), "# Pictures\n\n![chart](chart.png)\n\n![gone](missing.png)\n\n![far](../../x.png)\n");
        ExportBundle.Result result = export("gallery.yaml", "title: Pics\ndocuments: [docs/pics.md]\n");
        assertThat(result.failures()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                "docs/pics.md: image missing.png not found; a placeholder is shown instead",
                "docs/pics.md: image ../../x.png uses '..'; files must stay inside the export inbox; a placeholder is shown instead");
        assertThat(Extracted.flat(Extracted.body(read(outbox.resolve("gallery/pics.pdf"))))).contains("[image: gone — image missing.png not found]");
        var docx = Extracted.docx(read(outbox.resolve("gallery/pics.docx")));
        assertThat(docx.getAllPictures()).hasSize(1);
        assertThat(docx.getParagraphs().stream().map(p -> p.getText()).toList()).contains("[image: gone — not found]");
        assertThat(outbox.resolve("gallery/EXPORT.md")).content().contains("image missing.png not found");
    }

    @Test
    void aLargeTableRendersWithinTheLimitAndAnEnormousOneIsRefused() {
        assertThat(export("big.md", table(2_000, 5)).pages()).isGreaterThan(20);   // 10,000 cells: within the 20,000 limit
        ExportBundle.Result huge = export("huge.md", table(5_000, 5));
        assertThat(huge.documents()).isZero();
        assertThat(huge.failures()).containsExactly("huge.md: the table at line 3 brings the document to 25005 table cells, over the limit of 20000"
                        + " (keel.export.max-table-cells); split the table or the document");
        assertThat(outbox.resolve("huge")).doesNotExist();
    }

    @Test
    void aSecondExportOfTheSameNameReplacesTheBundleWhole() throws Exception {
        export("board.yaml", "title: B\ndocuments: [docs/intro.md, docs/numbers.md]\n");
        export("board.yaml", "title: B\ndocuments: [docs/intro.md]\n");
        assertThat(Files.exists(outbox.resolve("board/numbers.pdf"))).isFalse();
        try (var list = Files.list(outbox)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("board", "board.zip");
        }
    }

    @Test
    void aTemplateAddsItsStylesToTheDefaultOnes() {
        ExportTemplates templates = new ExportTemplates(Path.of("templates/export"));
        ExportTemplate serif = templates.get("serif");
        assertThat(serif.css()).contains("target-counter(attr(href), page)", "font-family: 'DejaVu Serif'");
        assertThat(serif.css().indexOf("DejaVu Serif")).isGreaterThan(serif.css().indexOf("target-counter"));
        assertThat(serif.referenceDocx()).isEqualTo(templates.get("default").referenceDocx());
        assertThat(templates.names()).containsExactly("default", "serif");
    }

    static String table(int rows, int columns) {
        StringBuilder md = new StringBuilder("# Table\n\n|");
        md.append(" h |".repeat(columns)).append("\n|").append("---|".repeat(columns)).append('\n');
        for (int r = 0; r < rows; r++) {
            md.append('|');
            for (int c = 0; c < columns; c++) {
                md.append(" r").append(r).append('c').append(c).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static byte[] read(Path file) throws Exception {
        return Files.readAllBytes(file);
    }

    @Test
    void documentsExportedAtTheSameTimeEachComeOutWholeAndTheirOwn() throws Exception {
        ExportFixtures.assumeFontsFor(FontLibrary.Script.CJK);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ExportBundle.Result>> results = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String text = "# Report " + i + "\n\nБюджет " + i + ", 予算 " + i + ".\n\n| n | v |\n|---|---|\n| " + i + " | ok |\n";
                String name = "report-" + i + ".md";
                results.add(pool.submit(() -> export(name, text)));
            }
            for (int i = 1; i <= 6; i++) {
                ExportBundle.Result result = results.get(i - 1).get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(result.failures()).isEmpty();
                assertThat(Backups.verify(outbox.resolve("report-" + i + ".zip")).ok()).isTrue();
                String text = String.join("\n", Extracted.pages(read(outbox.resolve("report-" + i + "/report-" + i + ".pdf"))));
                assertThat(text).contains("Report " + i, "Бюджет " + i, "予算 " + i).doesNotContain("Report " + (i % 6 + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
