package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.alert.Alert;
import dev.keel.alert.Snapshot;
import dev.keel.guard.GuardLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/alerts.camel.yaml end to end: rules from alerts.yaml, the real sinks' Camel endpoints, a test sink that records
 * what arrives. Each round is one call of the route at a hand-moved clock.
 */
class AlertsRouteTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final String WEBHOOK = """
            sinks:
              hook: {type: webhook, url-secret: alert-hook}
            default-sinks: [hook]
            rules:
              guard-critical: {repeat: 10m}
              budget-80: {repeat: 10m}
            """;

    @TempDir
    Path home;

    static Snapshot state(GuardLevel guard, double spent) {
        return new Snapshot(guard, Map.of("kimi", new Snapshot.ProviderState(false, Duration.ZERO, 0, 0, spent, 10)),
                new Snapshot.Queue(0, T0), new Snapshot.Night(T0, false, false, "backup ok"),
                new Snapshot.Health(T0, Duration.ofDays(1), T0), Map.of(), Map.of("inbox", 50.0));
    }

    private AlertHarness harness(String yaml, int maxAttempts) throws Exception {
        AlertHarness h = new AlertHarness(home, yaml, T0, state(GuardLevel.OK, 0), maxAttempts);
        h.secrets.put("alert-hook", h.sinkUrl() + "/hooks/T0KEN-0f-the-hook");
        return h;
    }

    @Test
    void aForcedGuardCriticalAndABudgetCrossingArriveAsFireRepeatAndResolveEachOnce() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            h.tickAt(T0);
            h.snapshot.set(state(GuardLevel.CRITICAL, 0));
            h.tickAt(T0.plusSeconds(5));
            h.tickAt(T0.plusSeconds(35));
            assertThat(h.webhookEvents()).as("CRITICAL for 30 s is under the rule's minute").isEmpty();

            h.tickAt(T0.plusSeconds(65));
            h.snapshot.set(state(GuardLevel.CRITICAL, 8.5));
            h.tickAt(T0.plusSeconds(70));
            h.tickAt(T0.plusSeconds(75));
            assertThat(h.webhookEvents()).containsExactly("fire guard-critical", "fire budget-80/kimi");

            h.tickAt(T0.plusSeconds(65 + 600));
            h.tickAt(T0.plusSeconds(70 + 600));
            h.snapshot.set(state(GuardLevel.OK, 0));
            h.tickAt(T0.plusSeconds(700));
            h.tickAt(T0.plusSeconds(705));

            assertThat(h.webhookEvents()).containsExactly("fire guard-critical", "fire budget-80/kimi", "repeat guard-critical",
                    "repeat budget-80/kimi", "resolve guard-critical", "resolve budget-80/kimi");
            assertThat(h.received).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/hooks/T0KEN-0f-the-hook");
                assertThat(r.header("Content-Type")).startsWith("application/json");
            });
            JsonNode fire = new ObjectMapper().readTree(h.received.get(0).body());
            assertThat(fire.path("status").asText()).isEqualTo("firing");
            assertThat(fire.path("alert").path("severity").asText()).isEqualTo("critical");
            assertThat(fire.path("alert").path("firedAt").asText()).isEqualTo(T0.plusSeconds(65).toString());
            JsonNode resolve = new ObjectMapper().readTree(h.received.get(4).body());
            assertThat(resolve.path("status").asText()).isEqualTo("resolved");
            assertThat(resolve.path("alert").path("resolvedAt").asText()).isEqualTo(T0.plusSeconds(700).toString());
            assertThat(h.book.open()).isEmpty();
            assertThat(h.book.recent(10)).hasSize(2).allMatch(a -> !a.open());
        }
    }

    @Test
    void alertsYamlEditedWhileRunningIsAppliedAndABadEditKeepsTheLastGoodRules() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            Path file = h.home.resolve("ops/configs/alerts.yaml");
            h.snapshot.set(state(GuardLevel.OK, 6.5)); // 65 %: under budget-80
            h.tickAt(T0);
            assertThat(h.webhookEvents()).isEmpty();

            Files.writeString(file, WEBHOOK.replace("budget-80: {repeat: 10m}", "budget-80: {repeat: 10m, percent: 60}")
                    .replace("SINK", h.sinkUrl()));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(T0.plusSeconds(1)));
            h.tickAt(T0.plusSeconds(5));
            assertThat(h.webhookEvents()).as("the new threshold is in use at the next round").containsExactly("fire budget-80/kimi");
            assertThat(h.meters.scrape()).contains("keel_alert_active{rule=\"budget-80\"} 1.0");

            Files.writeString(file, WEBHOOK.replace("budget-80: {repeat: 10m}", "budget-80: {repeat: soon}"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(T0.plusSeconds(2)));
            h.tickAt(T0.plusSeconds(10));
            assertThat(h.alertsMd()).contains("**alerts.yaml problem:** " + file + " was changed but not applied")
                    .contains("budget-80").contains("## Open (1)");
            h.tickAt(T0.plusSeconds(15));
            assertThat(h.webhookEvents()).as("the last good rules still hold: no resolve, no second fire").containsExactly("fire budget-80/kimi");
        }
    }

    @Test
    void openAlertsShowInAlertsMdAndAsKeelAlertActive() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            h.snapshot.set(state(GuardLevel.OK, 8.5));
            h.tickAt(T0);

            assertThat(h.meters.scrape()).contains("keel_alert_active{rule=\"budget-80\"} 1.0", "keel_alert_active{rule=\"guard-critical\"} 0.0");
            assertThat(h.alertsMd()).contains("## Open (1)", "| warning | budget-80 | kimi | kimi has spent $8.50 of its $10.00 daily budget");

            h.snapshot.set(state(GuardLevel.OK, 0));
            h.tickAt(T0.plusSeconds(5));
            assertThat(h.meters.scrape()).contains("keel_alert_active{rule=\"budget-80\"} 0.0");
            assertThat(h.alertsMd()).contains("## Open (0)", "Nothing holds now.", "| " + T0.plusSeconds(5) + " | warning | budget-80 |");
        }
    }

    @Test
    void anAcknowledgedAlertStopsRepeatingButItsResolveIsStillSent() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            h.snapshot.set(state(GuardLevel.OK, 9));
            h.tickAt(T0);
            Alert open = h.book.open().get(0);

            assertThat(h.book.acknowledge(open.id(), "ana")).isTrue();
            assertThat(h.book.acknowledge("no-such-alert", "ana")).isFalse();
            h.tickAt(T0.plusSeconds(601));
            h.tickAt(T0.plusSeconds(1300));
            h.snapshot.set(state(GuardLevel.OK, 0));
            h.tickAt(T0.plusSeconds(1305));

            assertThat(h.webhookEvents()).containsExactly("fire budget-80/kimi", "resolve budget-80/kimi");
            assertThat(new ObjectMapper().readTree(h.received.get(1).body()).path("alert").path("acknowledgedBy").asText()).isEqualTo("ana");
        }
    }

    @Test
    void aRestartNeitherFiresAgainNorForgetsTheOpenAlert() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            h.snapshot.set(state(GuardLevel.OK, 9));
            h.tickAt(T0);
            h.stop();

            h.start();
            h.tickAt(T0.plusSeconds(5));
            h.tickAt(T0.plusSeconds(10));
            assertThat(h.webhookEvents()).containsExactly("fire budget-80/kimi");

            h.snapshot.set(state(GuardLevel.OK, 0));
            h.tickAt(T0.plusSeconds(15));
            assertThat(h.webhookEvents()).containsExactly("fire budget-80/kimi", "resolve budget-80/kimi");
        }
    }

    @Test
    void aSinkAnswering500IsRetriedWithBackoffAndTheFailureIsVisible() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 8)) {
            h.answers.add(500);
            h.answers.add(500);
            h.snapshot.set(state(GuardLevel.OK, 9));
            h.tickAt(T0);
            h.tickAt(T0.plusSeconds(5));
            assertThat(h.received).as("the retry waits for retry-delay (10 s)").hasSize(1);

            h.tickAt(T0.plusSeconds(10));
            assertThat(h.received).hasSize(2);
            h.tickAt(T0.plusSeconds(25));
            assertThat(h.received).as("then twice that").hasSize(2);
            assertThat(h.alertsMd()).contains("## Delivery failures", "| hook | fire | 2 | retrying | " + T0.plusSeconds(30)
                    + " | HTTP 500 from sink hook |");

            h.tickAt(T0.plusSeconds(30));
            h.tickAt(T0.plusSeconds(35));
            assertThat(h.webhookEvents()).containsExactly("fire budget-80/kimi", "fire budget-80/kimi", "fire budget-80/kimi");
            assertThat(h.alertsMd()).contains("None: every message was delivered");
            assertThat(h.meters.scrape()).contains("keel_alert_delivery_failures_total{sink=\"hook\"} 2.0");
        }
    }

    @Test
    void aDeliveryThatNeverSucceedsIsGivenUpAndShownWithoutItsUrl() throws Exception {
        try (AlertHarness h = harness(WEBHOOK, 2)) {
            h.secrets.put("alert-hook", "http://127.0.0.1:1/hooks/T0KEN-0f-the-hook");
            h.snapshot.set(state(GuardLevel.OK, 9));
            h.tickAt(T0);
            h.tickAt(T0.plusSeconds(10));
            h.tickAt(T0.plusSeconds(60));

            String md = h.alertsMd();
            assertThat(md).contains("| hook | fire | 2 | **gave up** |").doesNotContain("T0KEN", "127.0.0.1:1/");
        }
    }

    @Test
    void slackAndNtfyReceiveThePayloadsTheirDocumentationDescribes() throws Exception {
        String yaml = """
                sinks:
                  chat: {type: slack, url-secret: slack-hook}
                  phone: {type: ntfy, url: 'SINK/keel-alerts', token-secret: ntfy-token}
                default-sinks: [chat, phone]
                """;
        try (AlertHarness h = new AlertHarness(home, yaml, T0, state(GuardLevel.OK, 0), 8)) {
            h.secrets.put("slack-hook", h.sinkUrl() + "/services/T000/B000/XXXXXXXX");
            h.secrets.put("ntfy-token", "tk_fake0123456789abcdef");
            h.snapshot.set(state(GuardLevel.OK, 10));
            h.tickAt(T0);

            AlertHarness.Request slack = h.received.stream().filter(r -> r.path().startsWith("/services/") && r.body().contains("budget-100"))
                    .findFirst().orElseThrow();
            AlertHarness.Request ntfy = h.received.stream().filter(r -> r.path().equals("/keel-alerts") && r.header("Title").contains(
                    "budget-100")).findFirst().orElseThrow();
            JsonNode text = new ObjectMapper().readTree(slack.body());
            assertThat(text.fieldNames()).toIterable().containsExactly("text");
            assertThat(text.path("text").asText()).contains("*[Keel] FIRING critical budget-100 (kimi)*", "kimi has spent $10.00");
            assertThat(ntfy.body()).isEqualTo("kimi has spent $10.00 of its $10.00 daily budget (100 %)");
            assertThat(ntfy.header("Title")).isEqualTo("[Keel] FIRING critical budget-100 (kimi)");
            assertThat(ntfy.header("Priority")).isEqualTo("urgent");
            assertThat(ntfy.header("Tags")).isEqualTo("rotating_light,keel");
            assertThat(ntfy.header("Authorization")).isEqualTo("Bearer tk_fake0123456789abcdef");
            assertThat(h.received).hasSize(4);
            assertThat(Files.readString(home.resolve("ops/configs/prometheus-alerts.yml"))).doesNotContain("tk_fake", "XXXXXXXX");
        }
    }
}
