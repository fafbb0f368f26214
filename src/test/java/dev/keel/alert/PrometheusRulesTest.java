package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.storage.InputMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prometheus-alerts.yml has the shape Prometheus's rule files take, and promtool (Debian's prometheus package) accepts it. */
class PrometheusRulesTest {

    @TempDir
    Path dir;

    private static AlertRulesFile defaults() {
        return AlertRulesFile.load(Path.of("no-such-alerts.yaml"));
    }

    @Test
    void everyEnabledRuleIsAnAlertingRuleWithItsThresholdsAndSeverity() throws Exception {
        JsonNode root = InputMappers.yaml().readTree(PrometheusRules.render(defaults(), "test"));

        assertThat(root.fieldNames()).toIterable().containsExactly("groups");
        JsonNode group = root.path("groups").get(0);
        assertThat(group.path("name").asText()).isEqualTo("keel");
        List<String> names = new ArrayList<>();
        for (JsonNode rule : group.path("rules")) {
            names.add(rule.path("alert").asText());
            assertThat(rule.path("alert").asText()).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(rule.path("expr").asText()).isNotBlank();
            assertThat(rule.path("for").asText()).matches("\\d+s");
            assertThat(rule.path("labels").path("severity").asText()).isIn("info", "warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
        }
        assertThat(names).hasSize(defaults().rules().size()).contains("KeelGuardCritical", "KeelBudget80", "KeelDiskLow");
        JsonNode guard = group.path("rules").get(0);
        assertThat(guard.path("expr").asText()).isEqualTo("max(keel_guard_state) >= 2");
        assertThat(guard.path("for").asText()).isEqualTo("60s");
        assertThat(group.path("rules").get(3).path("expr").asText()).isEqualTo("keel_alert_active{rule=\"budget-80\"} > 0");
    }

    @Test
    void aSwitchedOffRuleIsLeftOutAndAChangedThresholdIsCarried() throws Exception {
        Path file = dir.resolve("alerts.yaml");
        Files.writeString(file, "rules:\n  disk-low: {free-percent: 15}\n  night-failed: {enabled: false}\n");

        String yaml = PrometheusRules.render(AlertRulesFile.load(file), file.toString());

        assertThat(yaml).contains("100 - keel_disk_used_percent < 15").doesNotContain("KeelNightFailed");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus): shape checked above only");
        Path rules = dir.resolve("prometheus-alerts.yml");
        Files.writeString(rules, PrometheusRules.render(defaults(), "test"));

        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + defaults().rules().size() + " rules found");
    }
}
