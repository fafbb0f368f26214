package dev.keel.content;

import dev.keel.support.ManualClock;
import dev.keel.support.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.db.KeelDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's order and states on embedded H2; {@link PostgresContentQueueTest} runs the same on PostgreSQL. */
class ContentQueueTest {

    @TempDir
    Path home;

    KeelDatabase db;
    ContentQueue queue;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));

    protected Map<String, String> database() {
        return TestDatabase.H2;
    }

    @BeforeEach
    void open() {
        db = TestDatabase.open(home, database());
        queue = new ContentQueue(db::dataSource, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }


    private static ContentQueue.Row row(String batch, String task, int priority, ContentQueue.State state) {
        return new ContentQueue.Row(batch, task, priority, state, "a".repeat(64), "{\"task\":\"" + task + "\"}", null);
    }

    private List<String> claim(int n) {
        return queue.claim(n).stream().map(ContentQueue.Claimed::task).toList();
    }

    @Test
    void tasksAreTakenByPriorityThenAgeAndNightTasksWaitForTheNightRun() {
        queue.put(List.of(row("a", "a-p3", 3, ContentQueue.State.QUEUED), row("a", "a-p1", 1, ContentQueue.State.QUEUED),
                row("a", "a-night", 0, ContentQueue.State.NIGHT)), Map.of());
        queue.put(List.of(row("b", "b-p0", 0, ContentQueue.State.QUEUED), row("b", "b-p1", 1, ContentQueue.State.QUEUED)), Map.of());

        assertThat(queue.ready()).isEqualTo(4);
        assertThat(claim(3)).containsExactly("b-p0", "a-p1", "b-p1");
        assertThat(claim(5)).containsExactly("a-p3");
        assertThat(claim(5)).as("running tasks are not taken twice; night tasks wait").isEmpty();
        assertThat(queue.depth()).containsEntry(ContentQueue.State.RUNNING, 4L).containsEntry(ContentQueue.State.NIGHT, 1L);

        assertThat(queue.releaseNight()).containsExactly(Map.entry("a", 1L));
        assertThat(claim(5)).containsExactly("a-night");
    }

    @Test
    void aRestartQueuesWhatAStoppedRunHadTakenAndARetryWaitsItsTurn() {
        queue.put(List.of(row("a", "one", 2, ContentQueue.State.QUEUED), row("a", "two", 2, ContentQueue.State.QUEUED)), Map.of());
        List<ContentQueue.Claimed> taken = queue.claim(2);
        queue.end(taken.get(0).seq(), ContentQueue.State.DONE, 1, new ContentQueue.Outcome("ollama", "qwen", "local", 10, 20, 0.5, false,
                false, null, "redacted 1 email before the cloud call"), "brief", "no-evidence");

        assertThat(queue.recover()).as("the task the stopped run held").isEqualTo(1);
        ContentQueue.Claimed again = queue.claim(5).get(0);
        assertThat(again.task()).isEqualTo("two");

        queue.retry(again.seq(), 1, clock.instant().plusSeconds(60), "no provider");
        assertThat(claim(5)).as("not before its time").isEmpty();
        clock.now = clock.now.plusSeconds(61);
        assertThat(queue.claim(5)).singleElement().satisfies(c -> assertThat(c.attempts()).isEqualTo(1));
        assertThat(queue.pending("a")).isEqualTo(1);

        Map<String, ContentQueue.Outcome> rows = new HashMap<>();
        queue.rows("a", (task, state, priority, attempts, outcome, queued, finished) -> rows.put(task + ":" + state, outcome));
        assertThat(rows).containsKeys("one:DONE", "two:RUNNING");
        assertThat(rows.get("one:DONE").costUsd()).isEqualTo(0.5);
        assertThat(rows.get("one:DONE").safety()).isEqualTo("redacted 1 email before the cloud call");
    }

    @Test
    void aTaskPutAgainReplacesItsRow() {
        queue.put(List.of(row("a", "one", 2, ContentQueue.State.QUEUED)), Map.of());
        Map<String, ContentQueue.Known> known = queue.known("a");
        assertThat(known).containsEntry("one", new ContentQueue.Known("a".repeat(64), ContentQueue.State.QUEUED));
        queue.put(List.of(new ContentQueue.Row("a", "one", 0, ContentQueue.State.QUEUED, "b".repeat(64), "{}", null)), known);
        assertThat(queue.known("a")).containsExactly(Map.entry("one", new ContentQueue.Known("b".repeat(64), ContentQueue.State.QUEUED)));
        queue.sync();
    }
}
