package dev.keel.content.qa;

import dev.keel.content.safety.SafetyConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QaGateTest {

    private static final QaGate GATE = new QaGate(QaRules.defaults());

    private static final String FILLER = "This paragraph explains the quarterly plan in plain words for the team. ".repeat(6);

    private static final String GOOD = """
            # Quarterly plan

            %s

            ## Approach

            We ship `{{not_a_marker}}` examples in code only:

            ```yaml
            name: {{template_var}}
            # TODO not a heading and not a marker inside code
            ```

            ### Detail

            %s

            ## Sources

            - [Camel YAML DSL](https://camel.apache.org/components/next/others/yaml-dsl.html)
            - Fowler, M. *Patterns of Enterprise Application Architecture*. Addison-Wesley, 2002.
            - https://www.rfc-editor.org/rfc/rfc9110
            """.formatted(FILLER, FILLER);

    private static Map<String, Object> header() {
        Map<String, Object> header = new HashMap<>();
        header.put("title", "Quarterly plan");
        header.put("date", "2026-03-01");
        header.put("model", "qwen2.5-coder:7b");
        header.put("provider", "ollama");
        header.put("tier", "local");
        header.put("prompt", "quarterly-plan@3");
        header.put("sources", List.of("https://camel.apache.org"));
        return header;
    }

    private static QaRules rules(String yaml) {
        return SafetyConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml").qa();
    }

    @Test
    void aGoodDocumentPasses() {
        QaResult result = GATE.check(header(), GOOD, 3);

        assertThat(result.reasons()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result).hasToString("passed");
    }

    @Test
    void namesEachMissingHeaderField() {
        Map<String, Object> header = header();
        header.remove("model");
        header.put("provider", " ");
        header.remove("sources");

        assertThat(GATE.check(header, GOOD, 3).reasons()).containsExactly("header: 'model' is missing", "header: 'provider' is missing",
                "header: 'sources' is missing; the task requires sources");
        assertThat(GATE.check(header, GOOD, 0).reasons()).doesNotContain("header: 'sources' is missing; the task requires sources");
    }

    @Test
    void checksTheShapeOfPromptDateAndTier() {
        Map<String, Object> header = header();
        header.put("prompt", "quarterly-plan");
        header.put("date", "01/03/2026");
        header.put("tier", "gold");

        assertThat(GATE.check(header, GOOD, 3).reasons()).containsExactly(
                "header: prompt 'quarterly-plan' should read name@version",
                "header: date '01/03/2026' is not an ISO-8601 date such as 2026-03-01",
                "header: tier 'gold' is not one of [local, reasoning, critical]");
        header.put("date", "2026-03-01T10:15:00Z");
        header.put("prompt", "content/brief@1.2");
        header.put("tier", "critical");
        assertThat(GATE.check(header, GOOD, 3).passed()).isTrue();
        header.put("date", "2026-02-30");
        assertThat(GATE.check(header, GOOD, 3).reasons()).as("the shape of a date, no day of the calendar")
                .containsExactly("header: date '2026-02-30' is not an ISO-8601 date such as 2026-03-01");
        header.put("date", "2024-02-29");
        assertThat(GATE.check(header, GOOD, 3).passed()).isTrue();
    }

    @Test
    void countsSourcesAgainstWhatTheTaskRequires() {
        assertThat(GATE.check(header(), GOOD, 5).reasons()).containsExactly("sources: 3 entries, the task requires 5");
        String one = GOOD.substring(0, GOOD.indexOf("- Fowler"));

        assertThat(GATE.check(header(), one, 3).reasons()).containsExactly("sources: 1 entry, the task requires 3");
    }

    @Test
    void aMissingSourcesSectionFailsOnlyWhenSourcesAreRequired() {
        String none = GOOD.substring(0, GOOD.indexOf("## Sources"));

        assertThat(GATE.check(header(), none, 2).reasons())
                .containsExactly("sources: no Sources or References section; the task requires 2 entries");
        assertThat(GATE.check(header(), none, 0).passed()).isTrue();
        assertThat(GATE.check(header(), none.replace("## Approach", "## References:\n\n- RFC 9110, HTTP Semantics, 2022\n\n## Approach"), 1)
                .passed()).isTrue();
    }

    @Test
    void sourceEntriesMustLookLikeLinksOrCitations() {
        String vague = GOOD.replace("- https://www.rfc-editor.org/rfc/rfc9110", "- see the docs");

        assertThat(GATE.check(header(), vague, 3).reasons()).containsExactly(
                "sources: entry 'see the docs' (line 22) is not a link or a citation (author, title, year)",
                "sources: 2 entries, the task requires 3");
    }

    @Test
    void expectsExactlyOneH1ByDefault() {
        assertThat(GATE.check(header(), GOOD.replace("# Quarterly plan", "## Quarterly plan"), 3).reasons())
                .containsExactly("format: no H1 heading; exactly one is expected");
        assertThat(GATE.check(header(), GOOD + "\n# Appendix\n", 3).reasons())
                .containsExactly("format: 2 H1 headings (lines 1, 24); exactly one is expected");
        assertThat(new QaGate(rules("qa: {h1: at-most-one}\n")).check(header(), GOOD.replace("# Quarterly plan", "## Plan"), 3)
                .passed()).isTrue();
    }

    @Test
    void canForbidAnH1WhenTheTitleLivesInTheHeader() {
        QaGate gate = new QaGate(rules("qa: {h1: none}\n"));

        assertThat(gate.check(header(), GOOD, 3).reasons())
                .containsExactly("format: H1 heading at line 1; the title belongs in the header only (qa.h1: none)");
        assertThat(gate.check(header(), GOOD.replace("# Quarterly plan\n", ""), 3).passed()).isTrue();
    }

    @Test
    void namesASkippedHeadingLevel() {
        String skipped = GOOD.replace("### Detail", "#### Detail");

        assertThat(GATE.check(header(), skipped, 3).reasons())
                .containsExactly("format: heading 'Detail' (line 14) is H4 under an H2; use H3");
        assertThat(GATE.check(header(), "### Deep\n\n" + GOOD, 3).reasons())
                .containsExactly("format: heading 'Deep' (line 1) is H3, the first heading; start at H1 or H2");
    }

    @Test
    void boundsTheLengthInWords() {
        assertThat(GATE.check(header(), "# Short\n\nToo short to publish.\n", 0).reasons())
                .containsExactly("length: 5 words, at least 50 expected");
        QaGate tight = new QaGate(rules("qa: {min-words: 0, max-words: 20}\n"));
        assertThat(tight.check(header(), GOOD, 3).reasons()).singleElement().asString().matches("length: \\d+ words, at most 20 allowed");
    }

    @Test
    void findsLeftoverTemplateMarkersOutsideCode() {
        String body = GOOD.replace("We ship", "Dear {{client_name}}, see <insert chart here> and [Insert quote]. TODO: check. We ship");

        assertThat(GATE.check(header(), body, 3).reasons()).containsExactly(
                "template: leftover marker '{{client_name}}' at line 7",
                "template: leftover marker '<insert chart here>' at line 7",
                "template: leftover marker '[Insert quote]' at line 7",
                "template: leftover marker 'TODO' at line 7");
    }

    @Test
    void findsBoilerplateRefusals() {
        String body = GOOD.replace("We ship", "As an AI language model, I\u2019m sorry, but I cannot help with that. We ship");

        assertThat(GATE.check(header(), body, 3).reasons()).extracting(r -> r.substring(0, r.indexOf(" at line")))
                .containsExactly("refusal: boilerplate 'As an AI language model'", "refusal: boilerplate 'I cannot help with'",
                        "refusal: boilerplate 'I'm sorry, but'");
    }

    @Test
    void aFailedResultSaysWhy() {
        QaResult result = GATE.check(Map.of(), "", 1);

        assertThat(result.passed()).isFalse();
        assertThat(result.toString()).startsWith("failed: header: 'title' is missing; ");
        assertThat(result.reasons()).contains("length: 0 words, at least 50 expected", "format: no H1 heading; exactly one is expected");
    }
}
