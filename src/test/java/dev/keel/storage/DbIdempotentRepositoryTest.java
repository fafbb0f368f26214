package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On embedded H2; {@link PostgresIdempotentRepositoryTest} runs the same tests on PostgreSQL. */
class DbIdempotentRepositoryTest {

    @TempDir
    Path home;

    /** Database settings; the same for every open in one test, so a reopen sees the same data. */
    protected Map<String, String> database;

    protected Map<String, String> database() {
        return Map.of("keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD");
    }

    private KeelDatabase open() {
        if (database == null) {
            database = new java.util.HashMap<>(database());
            database.put("keel.home", home.toString());
        }
        return KeelDatabase.open(KeelSettings.of(database));
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
