package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts.yaml over the built-in rules: overrides by field, new rules by kind, and one line per mistake. */
class AlertRulesFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("alerts.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theBuiltInRulesCoverEveryKindTheIssueNames() {
        AlertRulesFile rules = AlertRulesFile.load(dir.resolve("absent.yaml"));

        assertThat(rules.rules()).extracting(AlertRule::id).containsExactly("guard-critical", "provider-unavailable", "error-rate",
                "budget-80", "budget-100", "queue-stalled", "night-failed", "backup-failed", "health-stale", "secret-rotation", "disk-low");
        assertThat(rules.rules().get(0).holdFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.sinks()).isEmpty();
        assertThat(AlertRulesFile.problems(dir.resolve("absent.yaml"))).isEmpty();
    }

    @Test
    void aRuleInTheFileReplacesOnlyTheFieldsItGives() throws Exception {
        Path file = write("""
                sinks:
                  ops: {type: webhook, url-secret: alert-hook}
                default-sinks: [ops]
                rules:
                  disk-low: {free-percent: 20}
                  budget-90: {kind: budget, percent: 90, severity: critical}
                  night-failed: {enabled: false}
                """);

        AlertRulesFile rules = AlertRulesFile.load(file);

        AlertRule disk = rules.rules().stream().filter(r -> r.id().equals("disk-low")).findFirst().orElseThrow();
        assertThat(disk.number("free-percent")).isEqualTo(20);
        assertThat(disk.holdFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(disk.sinks()).containsExactly("ops");
        AlertRule b90 = rules.rules().stream().filter(r -> r.id().equals("budget-90")).findFirst().orElseThrow();
        assertThat(b90.kind()).isEqualTo(RuleKind.BUDGET);
        assertThat(b90.number("percent")).isEqualTo(90);
        assertThat(rules.rules().stream().filter(r -> r.id().equals("night-failed")).findFirst().orElseThrow().enabled()).isFalse();
        assertThat(rules.sinks().get("ops").urlSecret()).isEqualTo("alert-hook");
    }

    @Test
    void everyMistakeIsOneLineNamingTheRuleOrSinkAndField() throws Exception {
        Path file = write("""
                sinks:
                  chat: {type: slack, url: 'https://hooks.slack.com/services/T000/B000/XXXX'}
                  phone: {type: pager, url: 'https://example.org'}
                  mail: {type: email, host: smtp.example.org, from: keel@example.org, to: [ops], password: hunter2}
                rules:
                  guard-critical: {for: soon, severity: loud}
                  disk-low: {free-precent: 5, sinks: [nowhere]}
                  budget-90: {percent: 90}
                  error-rate: {percent: -3, repeat: 10s}
                  disk-low-2: {kind: disk-low, enabled: maybe}
                alerting: {}
                """);

        assertThat(AlertRulesFile.problems(file)).allMatch(p -> !p.contains("\n") && p.startsWith(file.toString())).containsExactlyInAnyOrder(
                file + ": 'alerting' is not a known section; use default-sinks, rules and sinks",
                file + ": sink 'chat': a Slack webhook URL holds its token; put it in a secret and name it with url-secret",
                file + ": sink 'phone': type 'pager' is not one of webhook, slack, ntfy, email",
                file + ": sink 'mail': 'password' is not a sink field; name a secret with password-secret instead",
                file + ": sink 'mail': 'ops' is not an e-mail address",
                file + ": rule 'guard-critical': severity 'loud' is not one of info, warning, critical",
                file + ": rule 'guard-critical': for 'soon' is not a duration; write it like 0s, 30s, 5m or 1h",
                file + ": rule 'disk-low': 'free-precent' is not a field of a disk-low rule; it takes kind, severity, for, repeat, sinks,"
                        + " enabled, free-percent",
                file + ": rule 'disk-low': sink 'nowhere' is not under sinks:",
                file + ": rule 'budget-90': kind 'budget-90' is not one of guard-critical, provider-unavailable, error-rate, budget,"
                        + " queue-stalled, night-failed, backup-failed, health-stale, secret-rotation, disk-low",
                file + ": rule 'error-rate': repeat '10s' is under a minute; use 1m or more (0s: never repeat)",
                file + ": rule 'error-rate': percent '-3' is not a number above 0",
                file + ": rule 'disk-low-2': enabled 'maybe' is not true or false");
        assertThat(String.join("\n", AlertRulesFile.problems(file))).doesNotContain("hunter2", "XXXX");
    }

    @Test
    void startUpRefusesABadFileInOneLineUnderTheSettingsKey() throws Exception {
        Path file = write("rules:\n  disk-low: {free-percent: lots}\n");

        assertThatThrownBy(() -> AlertRulesFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("keel.alerts.rules-file: " + file + ": rule 'disk-low': free-percent 'lots' is not a number above 0");
    }

    @Test
    void notYamlIsOneProblem() throws Exception {
        Path file = write("rules: [unclosed\n");

        assertThat(AlertRulesFile.problems(file)).singleElement().asString().startsWith(file + " is not valid YAML");
    }
}
