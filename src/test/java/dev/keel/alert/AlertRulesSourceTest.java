package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts.yaml read again when it changes: a good file replaces the rules, a bad one keeps the last good rules and says why. */
class AlertRulesSourceTest {

    @TempDir
    Path dir;

    private static void write(Path file, String yaml, int second) throws Exception {
        Files.writeString(file, yaml);
        // a modification time of its own per version: two writes within one file-system tick must still count as a change
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(second)));
    }

    private static AlertRule rule(AlertRulesFile rules, String id) {
        return rules.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aChangedFileIsReadAgainAndABadOneKeepsTheLastGoodRules() throws Exception {
        Path file = dir.resolve("alerts.yaml");
        write(file, "rules:\n  guard-critical: {severity: warning}\n", 1);
        List<AlertRulesFile> changes = new ArrayList<>();
        AlertRulesSource source = new AlertRulesSource(file, changes::add);
        assertThat(rule(source.get(), "guard-critical").severity()).isEqualTo(Alert.Severity.WARNING);
        assertThat(source.refresh()).as("unchanged: not read again").isFalse();

        write(file, "rules:\n  guard-critical: {severity: critical}\n  disk-low: {enabled: false}\n", 2);
        assertThat(source.refresh()).isTrue();
        assertThat(rule(source.get(), "guard-critical").severity()).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(rule(source.get(), "disk-low").enabled()).isFalse();
        assertThat(changes).hasSize(1).first().isEqualTo(source.get());
        assertThat(source.problem()).isEmpty();

        AlertRulesFile good = source.get();
        write(file, "rules:\n  guard-critical: {severity: loud}\n  new-rule: {kind: no-such-kind}\n", 3);
        assertThat(source.refresh()).isFalse();
        assertThat(source.get()).as("the last good rules stay in use").isSameAs(good);
        assertThat(source.problem()).get().asString().contains("was changed but not applied").contains("guard-critical")
                .contains("severity").contains("new-rule");
        assertThat(source.problem().get()).as("the same lines keel check prints")
                .contains(String.join("; ", AlertRulesFile.problems(file)));

        write(file, "rules: [not, a, mapping", 4);
        assertThat(source.refresh()).isFalse();
        assertThat(source.problem()).get().asString().contains("is not valid YAML");

        write(file, "rules:\n  guard-critical: {severity: info}\n", 5);
        assertThat(source.refresh()).isTrue();
        assertThat(rule(source.get(), "guard-critical").severity()).isEqualTo(Alert.Severity.INFO);
        assertThat(source.problem()).as("fixed: no problem shown").isEmpty();
        assertThat(changes).hasSize(2);
    }

    @Test
    void aRemovedFileMeansTheDefaults() throws Exception {
        Path file = dir.resolve("alerts.yaml");
        write(file, "rules:\n  guard-critical: {enabled: false}\n", 1);
        AlertRulesSource source = new AlertRulesSource(file, changed -> { });
        assertThat(rule(source.get(), "guard-critical").enabled()).isFalse();
        Files.delete(file);
        assertThat(source.refresh()).isTrue();
        assertThat(rule(source.get(), "guard-critical").enabled()).as("the built-in default").isTrue();
    }
}
