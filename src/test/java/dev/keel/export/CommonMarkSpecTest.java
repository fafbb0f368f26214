package dev.keel.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 655 examples of the CommonMark spec 0.31.2 (src/test/resources/commonmark, CC-BY-SA 4.0): every
 * one goes through the export pipeline to DOCX and PDF without an error, and flexmark's plain
 * CommonMark HTML matches the spec's for at least the number measured when this test was written.
 */
class CommonMarkSpecTest {

    /** Examples whose HTML matched on flexmark 0.64.8 (see bench/RESULTS.md); a regression guard. */
    static final int CONFORMING = 624;
    static final int PDF_BATCH = 60;

    @TempDir
    static Path dir;

    static List<JsonNode> examples = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = CommonMarkSpecTest.class.getResourceAsStream("/commonmark/spec.json")) {
            new ObjectMapper().readTree(in).forEach(examples::add);
        }
    }

    /** Whitespace between and around tags and runs of whitespace do not count, as in the spec's own normaliser. */
    static String normalise(String html) {
        var body = Jsoup.parseBodyFragment(html).body();
        return body.html().replaceAll("\\s+", " ").replaceAll("\\s*(<[^>]+>)\\s*", "$1").strip();
    }

    @Test
    void flexmarkMatchesTheSpecsHtmlForAtLeastTheMeasuredCount() {
        Parser parser = Parser.builder().build();
        HtmlRenderer renderer = HtmlRenderer.builder().build();
        int matching = 0;
        List<String> sections = new ArrayList<>();
        for (JsonNode example : examples) {
            String html = renderer.render(parser.parse(example.get("markdown").asText()));
            if (normalise(html).equals(normalise(example.get("html").asText()))) {
                matching++;
            } else {
                sections.add(example.get("example").asInt() + " " + example.get("section").asText());
            }
        }
        System.out.println("CommonMark 0.31.2: flexmark matches " + matching + " of " + examples.size() + "; differing: " + sections);
        assertThat(examples).hasSize(655);
        assertThat(matching).isGreaterThanOrEqualTo(CONFORMING);
    }

    @Test
    void everyExampleRendersToDocxAndPdf() {
        ExportEngines e = ExportFixtures.engines();
        ExportTemplate template = e.templates().get("default");
        List<RenderedDocument> batch = new ArrayList<>();
        int pdfs = 0;
        for (JsonNode example : examples) {
            String name = "example-" + example.get("example").asInt() + ".md";
            String markdown = example.get("markdown").asText();
            if (markdown.isBlank()) {
                continue;   // the exporter refuses blank input by design; the spec has none of note
            }
            RenderedDocument doc = e.markdown().render(new Source(name, markdown, dir, dir));
            Cover cover = new Cover(name, null, null, null);
            assertThat(Extracted.docx(e.docx().render(doc, cover, template)).getBodyElements()).as(name).isNotNull();
            batch.add(doc);
            if (batch.size() == PDF_BATCH) {
                pdfs += pdf(e, template, batch);
                batch.clear();
            }
        }
        pdfs += pdf(e, template, batch);
        assertThat(pdfs).isEqualTo(examples.size());
    }

    /** One PDF for a batch; should it fail, each example alone, so the failure names its example. */
    private static int pdf(ExportEngines e, ExportTemplate template, List<RenderedDocument> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            PdfRenderer.Pdf pdf = e.pdf().render(HtmlPage.compose(template, new Cover("CommonMark spec", null, null, null), false, true, batch));
            assertThat(pdf.pages()).isPositive();
        } catch (RuntimeException failure) {
            for (RenderedDocument doc : batch) {
                e.pdf().render(HtmlPage.compose(template, new Cover(doc.source().name(), null, null, null), false, false, List.of(doc)));
            }
            throw failure;
        }
        return batch.size();
    }
}
