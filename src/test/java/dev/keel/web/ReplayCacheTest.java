package dev.keel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.support.Files2;
import dev.keel.support.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook replay cache in the database: shared by every node on it, kept across restarts, pruned when expired. */
class ReplayCacheTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    protected Map<String, String> database(Path home) {
        return Map.of("keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD");
    }

    KeelDatabase open(Map<String, String> settings) {
        return KeelDatabase.open(KeelSettings.of(settings));
    }

    Map<String, String> settings() throws Exception {
        Path home = Files2.freshHome("replay");
        Map<String, String> settings = new HashMap<>(database(home));
        settings.put("keel.home", home.toString());
        return settings;
    }

    @Test
    void aSignatureAcceptedByOneNodeIsRefusedByTheOther() throws Exception {
        Map<String, String> settings = settings();
        try (KeelDatabase one = open(settings); KeelDatabase other = open(settings)) {
            ReplayCache a = new ReplayCache(one::dataSource, clock);
            ReplayCache b = new ReplayCache(other::dataSource, clock);

            assertThat(a.firstTime("ci:abc123", clock.now.plusSeconds(600))).isTrue();
            assertThat(b.firstTime("ci:abc123", clock.now.plusSeconds(600))).isFalse();
            assertThat(b.firstTime("ci:def456", clock.now.plusSeconds(600))).isTrue();
        }
    }

    @Test
    void aReplayAfterARestartIsStillRefused() throws Exception {
        Map<String, String> settings = settings();
        try (KeelDatabase db = open(settings)) {
            assertThat(new ReplayCache(db::dataSource, clock).firstTime("ci:abc123", clock.now.plusSeconds(600))).isTrue();
        }
        try (KeelDatabase db = open(settings)) {
            assertThat(new ReplayCache(db::dataSource, clock).firstTime("ci:abc123", clock.now.plusSeconds(600))).isFalse();
        }
    }

    @Test
    void expiredSignaturesArePruned() throws Exception {
        Map<String, String> settings = settings();
        try (KeelDatabase db = open(settings)) {
            ReplayCache cache = new ReplayCache(db::dataSource, clock);
            cache.firstTime("ci:old", clock.now.plusSeconds(600));
            clock.now = clock.now.plusSeconds(601).plus(ReplayCache.PRUNE_EVERY);
            cache.firstTime("ci:new", clock.now.plusSeconds(600));

            assertThat(new Jdbc(db::dataSource, "test").list("SELECT COUNT(*) FROM keel_webhook_seen", r -> r.getInt(1))).containsExactly(1);
        }
    }
}
