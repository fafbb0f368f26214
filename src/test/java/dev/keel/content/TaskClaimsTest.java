package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.cluster.NodeId;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.support.ManualClock;
import dev.keel.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims by several nodes on one database, on embedded H2; {@link PostgresTaskClaimsTest} runs the same on PostgreSQL. */
class TaskClaimsTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    KeelDatabase db;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));

    protected Map<String, String> database() {
        return TestDatabase.H2;
    }

    @BeforeEach
    void open() {
        db = TestDatabase.open(home, database());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ContentQueue node(String id) {
        return new ContentQueue(db::dataSource, clock, new NodeId(id), LEASE, false);
    }

    private void tasks(ContentQueue queue, int n) {
        queue.put(IntStream.range(0, n).mapToObj(i -> new ContentQueue.Row("b", "t" + i, i % 4, ContentQueue.State.QUEUED, "a".repeat(64),
                "{}", null)).toList(), Map.of());
    }

    private String claimedBy(String task) {
        return new Jdbc(db::dataSource, "test").first("SELECT claimed_by FROM keel_content_task WHERE task_id = ?", r -> r.getString(1), task)
                .orElseThrow();
    }

    @Test
    void twoNodesClaimingAtOnceNeverTakeTheSameTask() throws Exception {
        ContentQueue a = node("node-a");
        ContentQueue b = node("node-b");
        tasks(a, 600);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ContentQueue.Claimed>>> taken = new ArrayList<>();
        for (ContentQueue node : List.of(a, b)) {
            taken.add(nodes.submit(() -> {
                go.await();
                List<ContentQueue.Claimed> mine = new ArrayList<>();
                for (List<ContentQueue.Claimed> some; !(some = node.claim(7)).isEmpty(); ) {
                    mine.addAll(some);
                }
                return mine;
            }));
        }
        go.countDown();
        List<ContentQueue.Claimed> byA = taken.get(0).get();
        List<ContentQueue.Claimed> byB = taken.get(1).get();
        nodes.shutdown();

        Set<String> tasksA = new HashSet<>(byA.stream().map(ContentQueue.Claimed::task).toList());
        Set<String> tasksB = new HashSet<>(byB.stream().map(ContentQueue.Claimed::task).toList());
        assertThat(tasksA).hasSameSizeAs(byA);
        assertThat(java.util.Collections.disjoint(tasksA, tasksB)).as("no task taken by both nodes").isTrue();
        assertThat(tasksB).hasSameSizeAs(byB);
        assertThat(byA.size() + byB.size()).as("every task taken, once").isEqualTo(600);
        assertThat(tasksA).allSatisfy(t -> assertThat(claimedBy(t)).isEqualTo("node-a"));
        assertThat(tasksB).allSatisfy(t -> assertThat(claimedBy(t)).isEqualTo("node-b"));
        assertThat(a.depth()).containsEntry(ContentQueue.State.RUNNING, 600L);
    }

    @Test
    void aTaskLockedByAnotherNodesClaimIsSkippedNotWaitedFor() throws Exception {
        ContentQueue a = node("node-a");
        tasks(a, 3);
        // node b's claim holds its locks until commit: a claim meanwhile takes what is left and returns at once
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> new Jdbc(db::dataSource, "holder").transaction(c -> {
            try (var s = c.prepareStatement("SELECT seq FROM keel_content_task WHERE task_id = 't0' FOR UPDATE")) {
                s.executeQuery().close();
            }
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
        locked.await();
        List<String> taken = a.claim(5).stream().map(ContentQueue.Claimed::task).toList();
        release.countDown();
        holder.get();

        assertThat(taken).containsExactlyInAnyOrder("t1", "t2");
        assertThat(a.claim(5)).extracting(ContentQueue.Claimed::task).containsExactly("t0");
    }

    @Test
    void aDeadNodesTasksGoBackToTheQueueWhenItsLeaseRunsOut() {
        ContentQueue a = node("node-a");
        ContentQueue b = node("node-b");
        tasks(a, 2);
        assertThat(a.claim(5)).hasSize(2);

        clock.now = clock.now.plusSeconds(20);
        assertThat(b.keepLeases()).as("a's lease still holds").isZero();
        assertThat(a.keepLeases()).as("a renews").isZero();
        clock.now = clock.now.plusSeconds(25);
        assertThat(b.keepLeases()).as("renewed 25 s ago, a 30 s lease").isZero();
        assertThat(b.claim(5)).isEmpty();

        clock.now = clock.now.plusSeconds(10); // a stopped renewing (it died): 35 s since its last renewal
        assertThat(b.keepLeases()).isEqualTo(2);
        assertThat(b.claim(5)).extracting(ContentQueue.Claimed::task).containsExactlyInAnyOrder("t0", "t1");
        assertThat(claimedBy("t0")).isEqualTo("node-b");
    }

    @Test
    void aRestartTakesBackOnlyWhatNoLiveNodeHolds() {
        ContentQueue a = node("node-a");
        ContentQueue b = node("node-b");
        tasks(a, 2);
        assertThat(a.claim(1)).hasSize(1);
        assertThat(b.claim(1)).hasSize(1);

        ContentQueue aAgain = node("node-a"); // restarted with the same keel.node.id
        assertThat(aAgain.recover()).as("its own task, not b's").isEqualTo(1);
        assertThat(aAgain.claim(5)).hasSize(1);
        assertThat(new ContentQueue(db::dataSource, clock, new NodeId("node-c"), LEASE, true).recover())
                .as("alone on its database, every running task is a stopped run's").isEqualTo(2);
    }
}
