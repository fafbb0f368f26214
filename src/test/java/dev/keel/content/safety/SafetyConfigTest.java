package dev.keel.content.safety;

import dev.keel.content.qa.QaRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyConfigTest {

    private static SafetyConfig parse(String yaml) {
        return SafetyConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "safety.yaml");
    }

    @Test
    void theBuiltInFileIsUsedWhenTheOpsFileIsAbsent(@TempDir Path dir) {
        SafetyConfig config = SafetyConfig.load(dir.resolve("ops/configs/safety.yaml"));

        assertThat(config.qa()).hasToString(QaRules.defaults().toString());
        assertThat(config.qa().requiredHeader()).containsExactly("title", "date", "model", "provider", "tier", "prompt");
        assertThat(config.policy().inputReview("ann@example.org", true).text()).isEqualTo("[EMAIL-1]");
    }

    @Test
    void theOpsFileOverridesOnlyTheKeysItSets(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("safety.yaml"), "blocked-terms: [falcon]\nqa: {min-words: 10}\n");

        SafetyConfig config = SafetyConfig.load(file);

        assertThat(config.policy().blocked("Falcon")).contains("falcon");
        assertThat(config.qa().minWords()).isEqualTo(10);
        assertThat(config.qa().maxWords()).isEqualTo(QaRules.defaults().maxWords());
        assertThat(config.policy().injectionMarkers("you are now")).containsExactly("you are now");
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        assertThat(parse("").qa()).hasToString(QaRules.defaults().toString());
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> parse("pii: {emial: true}\n")).isInstanceOf(ConfigException.class)
                .hasMessage("keel.content.safety-file: safety.yaml: unknown key 'pii.emial'; known here: emails, phones, ibans, cards");
        assertThatThrownBy(() -> parse("redact-before-cloud: sometimes\n"))
                .hasMessageContaining("redact-before-cloud must be true or false, not 'sometimes'");
        assertThatThrownBy(() -> parse("injection: {action: shout}\n"))
                .hasMessageContaining("injection.action 'shout' is not one of [flag, refuse]");
        assertThatThrownBy(() -> parse("output-filters: {patterns: [{name: bad, regex: '(unclosed'}]}\n"))
                .hasMessageContaining("output-filters.patterns 'bad': '(unclosed' is not a valid regex");
        assertThatThrownBy(() -> parse("qa: {min-words: 900, max-words: 100}\n"))
                .hasMessageContaining("qa.min-words (900) is over qa.max-words (100)");
        assertThatThrownBy(() -> parse("qa: {h1: two}\n")).hasMessageContaining("qa.h1 'two' is not one of [one, none, at-most-one]");
        assertThatThrownBy(() -> parse("blocked-terms: [ok, '']\n")).hasMessageContaining("blocked-terms holds an empty or non-text entry");
        assertThatThrownBy(() -> parse("pii: [emails]\n")).hasMessageContaining("pii must be a map of keys");
        assertThatThrownBy(() -> parse("pii: {emails: true\n")).hasMessageContaining("safety.yaml is not valid YAML");
    }
}
