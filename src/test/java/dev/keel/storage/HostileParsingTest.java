package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.export.ExportManifest;
import dev.keel.export.Format;
import dev.keel.export.MarkdownRenderer;
import dev.keel.export.Source;
import dev.keel.legal.DataFileParser;
import dev.keel.support.Hostile;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deep, long and repeated inputs of the hostile corpus get a reason that says what is wrong, never an NPE. */
class HostileParsingTest {

    @Test
    void jsonNestedThousandsDeepIsRefusedAsTooDeep() {
        assertThatThrownBy(() -> DataFileParser.parse("deep.json", Hostile.text("deep-5000.json")))
                .isInstanceOf(RejectedInputException.class).hasMessage("malformed JSON: nested deeper than 100 levels");
    }

    @Test
    void aFiveThousandDigitNumberIsRefusedAsTooLong() {
        assertThatThrownBy(() -> DataFileParser.parse("n.json", Hostile.text("long-number.json")))
                .isInstanceOf(RejectedInputException.class).hasMessage("malformed JSON: a number longer than 100 digits");
    }

    @Test
    void aRepeatedJsonKeyIsRefusedWithTheKeyAndWhere() {
        assertThatThrownBy(() -> DataFileParser.parse("dup.json", Hostile.text("duplicate-key.json")))
                .isInstanceOf(RejectedInputException.class).hasMessageStartingWith("malformed JSON at line 3, column")
                .hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void yamlNestedDeeperThanTheLimitIsRefusedAsTooDeep() {
        assertThatThrownBy(() -> ExportManifest.parse("m.yaml", Hostile.text("deep-1200.yaml"), Set.of(Format.PDF)))
                .isInstanceOf(RejectedInputException.class).hasMessage("m.yaml: the manifest is malformed: nested deeper than 100 levels");
    }

    @Test
    void aRepeatedYamlKeyIsRefusedWithTheKeyAndWhere() {
        assertThatThrownBy(() -> TextInput.yamlMapping("b.yaml", "the batch", Hostile.text("duplicate-key.yaml")))
                .isInstanceOf(RejectedInputException.class).hasMessageStartingWith("b.yaml: the batch is malformed at line 6, column")
                .hasMessageContaining("Duplicate field 'tasks'");
    }

    @Test
    void yamlWithinTheLimitsStillParses() {
        String nested = "a: " + "[".repeat(50) + "1" + "]".repeat(50);

        assertThat(TextInput.yamlMapping("ok.yaml", "the header", nested)).containsKey("a");
    }

    @Test
    void markdownQuotedTenThousandDeepIsRefusedNotAStackOverflow() {
        assertThatThrownBy(() -> render(Hostile.text("deep-quotes.md"))).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("doc.md is nested deeper than 100 levels");
    }

    @Test
    void markdownWithTenThousandNestedEmphasesIsRefusedNotAStackOverflow() {
        assertThatThrownBy(() -> render(Hostile.text("deep-emphasis.md"))).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("doc.md is nested deeper than 100 levels");
    }

    @Test
    void markdownQuotedFiftyDeepStillRenders() {
        assertThat(render("# T\n\n" + ">".repeat(50) + " deep\n").html().select("blockquote")).hasSize(50);
    }

    private static dev.keel.export.RenderedDocument render(String markdown) {
        Path dir = Path.of("target");
        return new MarkdownRenderer(1000).render(new Source("doc.md", markdown, dir, dir));
    }
}
