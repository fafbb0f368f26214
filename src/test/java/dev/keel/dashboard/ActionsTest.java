package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.KeelSettings;
import dev.keel.content.ContentProgress;
import dev.keel.content.ContentQueue;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.support.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrying a rejected content task through the queue's own API, on the real migrations: history kept, nothing else changed. */
class ActionsTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private ContentQueue queue;
    private Actions actions;
    private ActionLog log;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        queue = new ContentQueue(db::dataSource, clock);
        log = new ActionLog(db::dataSource, clock);
        actions = new Actions(new DefaultCamelContext(), queue, new ContentProgress(new SimpleMeterRegistry(), () -> 0, clock), () -> null,
                log, db::dataSource, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long rejectedTask() {
        queue.batch("week-48", "week-48.yaml", 1);
        queue.put(List.of(new ContentQueue.Row("week-48", "intro", 5, ContentQueue.State.QUEUED, "0".repeat(64), "{}", null)),
                queue.known("week-48"));
        ContentQueue.Claimed claimed = queue.claim(1).get(0);
        queue.end(claimed.seq(), ContentQueue.State.REJECTED, 3, ContentQueue.Outcome.refused("QA: the output has no headline"), "blog",
                "rule-x");
        return claimed.seq();
    }

    private String[] row(long seq) {
        return new Jdbc(db::dataSource, "test").first("SELECT state, reason, attempts FROM keel_content_task WHERE seq = ?",
                r -> new String[] {r.getString(1), r.getString(2), String.valueOf(r.getInt(3))}, seq).orElseThrow();
    }

    @Test
    void aRetriedTaskIsQueuedAgainWithItsHistory() {
        long seq = rejectedTask();
        assertThat(actions.retry(seq, "ada")).contains("intro", "week-48");
        String[] row = row(seq);
        assertThat(row[0]).isEqualTo("waiting");
        assertThat(row[1]).isEqualTo("retried by ada from the dashboard; rejected before: QA: the output has no headline");
        assertThat(row[2]).as("attempts kept").isEqualTo("3");
        assertThat(queue.claim(5)).extracting(ContentQueue.Claimed::task).containsExactly("intro");
        assertThat(log.recent(5)).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("operator", "ada").containsEntry("action", "retry-task").containsEntry("subject", "week-48/intro");
            assertThat((String) a.get("detail")).contains("rejected after 3 attempts: QA: the output has no headline");
        });
    }

    @Test
    void onlyARejectedTaskCanBeRetried() {
        long seq = rejectedTask();
        actions.retry(seq, "ada");
        assertThatThrownBy(() -> actions.retry(seq, "ada")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rejected");
        assertThatThrownBy(() -> actions.retry(9999, "ada")).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.recent(5)).hasSize(1);
    }

    @Test
    void withoutAnAlertBookAcknowledgingSaysAlertsAreNotConfigured() {
        assertThatThrownBy(() -> actions.acknowledge("a-1", "ada")).hasMessage("alerts not configured");
    }
}
