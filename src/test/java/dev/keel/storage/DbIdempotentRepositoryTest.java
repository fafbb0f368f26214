package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.config.KeelSettings;
import dev.keel.db.KeelDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbIdempotentRepositoryTest {

    @TempDir
    Path home;

    private KeelDatabase open() {
        return KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(),
                "keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
    }

    @Test
    void keysSurviveAReopenOfTheDatabaseFile() {
        try (KeelDatabase db = open()) {
            DbIdempotentRepository repo = new DbIdempotentRepository(db.dataSource(), "intake", Clock.systemUTC());
            assertThat(repo.add("content/abc")).isTrue();
            assertThat(repo.add("content/abc")).isFalse();
        }
        try (KeelDatabase db = open()) {
            DbIdempotentRepository repo = new DbIdempotentRepository(db.dataSource(), "intake", Clock.systemUTC());
            assertThat(repo.contains("content/abc")).isTrue();
            assertThat(repo.remove("content/abc")).isTrue();
            assertThat(repo.contains("content/abc")).isFalse();
        }
        assertThat(home.resolve("data/keel.mv.db")).exists();
    }

    @Test
    void processorsDoNotSeeEachOthersKeys() {
        try (KeelDatabase db = open()) {
            new DbIdempotentRepository(db.dataSource(), "intake", Clock.systemUTC()).add("k");

            assertThat(new DbIdempotentRepository(db.dataSource(), "other", Clock.systemUTC()).contains("k")).isFalse();
        }
    }

    @Test
    void purgesKeysRecordedBeforeTheCutoff() {
        try (KeelDatabase db = open()) {
            Clock jan = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            Clock mar = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
            new DbIdempotentRepository(db.dataSource(), "intake", jan).add("old");
            DbIdempotentRepository repo = new DbIdempotentRepository(db.dataSource(), "intake", mar);
            repo.add("new");

            assertThat(repo.purgeBefore(Instant.parse("2026-02-01T00:00:00Z"))).isEqualTo(1);
            assertThat(repo.contains("old")).isFalse();
            assertThat(repo.contains("new")).isTrue();
        }
    }
}
