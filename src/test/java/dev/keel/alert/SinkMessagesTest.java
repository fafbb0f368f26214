package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each sink's message shape, from its documentation: Keel's JSON, Slack's {"text"} with its escaping, ntfy's headers, a mail. */
class SinkMessagesTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Alert DISK = new Alert("disk-low-1a2b3c4d", "disk-low", "inbox", Alert.Severity.CRITICAL,
            "the disk of inbox has 4.0 % free (limit 10 %) <see HEALTH.md> & act", T0, null, null, null);

    @Test
    void theWebhookGetsTheAlertAsJsonWithItsStatus() throws Exception {
        JsonNode json = new ObjectMapper().readTree(SinkMessages.of(AlertSink.Type.WEBHOOK, AlertEvent.Kind.FIRE, DISK).body());

        assertThat(json.path("status").asText()).isEqualTo("firing");
        assertThat(json.path("event").asText()).isEqualTo("fire");
        assertThat(json.path("alert").path("id").asText()).isEqualTo("disk-low-1a2b3c4d");
        assertThat(json.path("alert").path("subject").asText()).isEqualTo("inbox");
        assertThat(json.path("alert").path("resolvedAt").isNull()).isTrue();
    }

    @Test
    void slackTextEscapesItsControlCharacters() throws Exception {
        JsonNode json = new ObjectMapper().readTree(SinkMessages.of(AlertSink.Type.SLACK, AlertEvent.Kind.FIRE, DISK).body());

        assertThat(json.path("text").asText()).isEqualTo(":rotating_light: *[Keel] FIRING critical disk-low (inbox)*\n"
                + "the disk of inbox has 4.0 % free (limit 10 %) &lt;see HEALTH.md&gt; &amp; act");
    }

    @Test
    void ntfyPriorityFollowsSeverityAndAResolveIsQuiet() {
        SinkMessages.Message fire = SinkMessages.of(AlertSink.Type.NTFY, AlertEvent.Kind.FIRE, DISK);
        Alert resolved = new Alert(DISK.id(), DISK.rule(), DISK.subject(), DISK.severity(), DISK.summary(), T0, T0.plus(Duration.ofMinutes(3)),
                null, null);
        SinkMessages.Message resolve = SinkMessages.of(AlertSink.Type.NTFY, AlertEvent.Kind.RESOLVE, resolved);

        assertThat(fire.headers()).containsEntry("Priority", "urgent").containsEntry("Tags", "rotating_light,keel");
        assertThat(resolve.headers()).containsEntry("Priority", "default").containsEntry("Title", "[Keel] RESOLVED critical disk-low (inbox)");
        assertThat(fire.body()).isEqualTo(DISK.summary());
    }

    @Test
    void theMailNamesRuleSubjectTimesAndWhoAcknowledged() {
        Alert acked = new Alert(DISK.id(), DISK.rule(), DISK.subject(), DISK.severity(), DISK.summary(), T0, null, "ana", T0.plusSeconds(60));

        SinkMessages.Message mail = SinkMessages.of(AlertSink.Type.EMAIL, AlertEvent.Kind.REPEAT, acked);

        assertThat(mail.headers()).containsEntry("Subject", "[Keel] STILL FIRING critical disk-low (inbox)");
        assertThat(mail.body()).contains("rule: disk-low\n", "subject: inbox\n", "fired: " + T0, "acknowledged by: ana", "alert id: disk-low-1a2b3c4d");
    }

    @Test
    void retriesBackOffByDoublingUpToAnHour() {
        assertThat(AlertSinks.backoff(Duration.ofSeconds(10), 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(AlertSinks.backoff(Duration.ofSeconds(10), 3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(AlertSinks.backoff(Duration.ofSeconds(10), 30)).isEqualTo(Duration.ofHours(1));
    }
}
