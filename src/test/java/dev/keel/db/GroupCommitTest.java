package dev.keel.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private Jdbc jdbc;
    /** The writer's jobs, run when the test says so. */
    private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private final Executor writer = jobs::add;
    private final List<List<String>> committed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        jdbc = new Jdbc(db::dataSource, "test");
        jdbc.update("CREATE TABLE t (v VARCHAR(20))");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private GroupCommit<String> rows(GroupCommit.Rows<String> write) {
        return new GroupCommit<>(jdbc, write, committed::add, writer);
    }

    private static void insert(java.sql.Connection c, List<String> rows) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            for (String row : rows) {
                s.setString(1, row);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private List<Thread> writers(GroupCommit<String> rows, String... values) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (String v : values) {
            Thread t = new Thread(() -> rows.write(v));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.TIMED_WAITING) { // queued its row, waiting for the commit
                Thread.sleep(5);
            }
        }
        return threads;
    }

    @Test
    void writersWaitForTheCommitAndShareOne() throws Exception {
        GroupCommit<String> rows = rows(GroupCommitTest::insert);
        List<Thread> threads = writers(rows, "a", "b", "c");

        assertThat(threads).allMatch(Thread::isAlive);
        assertThat(jdbc.list("SELECT v FROM t", r -> r.getString(1))).isEmpty();
        assertThat(jobs).as("one writer job for the three rows").hasSize(1);
        jobs.take().run();
        for (Thread t : threads) {
            t.join(5_000);
        }

        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(committed).hasSize(1);
        assertThat(committed.get(0)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(jdbc.list("SELECT v FROM t", r -> r.getString(1))).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aRowThatCannotBeCommittedFailsItsWriter() {
        GroupCommit<String> rows = new GroupCommit<>(jdbc, (c, values) -> {
            throw new SQLException("disk full");
        }, committed::add, Runnable::run);

        assertThatThrownBy(() -> rows.write("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk full");
        assertThat(committed).isEmpty();
    }

    @Test
    void aWriterWhosePoolIsGoneCommitsItself() {
        GroupCommit<String> rows = new GroupCommit<>(jdbc, GroupCommitTest::insert, committed::add, job -> {
            throw new java.util.concurrent.RejectedExecutionException("stopping");
        });

        rows.write("a");

        assertThat(jdbc.list("SELECT v FROM t", r -> r.getString(1))).containsExactly("a");
    }

    @Test
    void submittedRowsDoNotWaitAndHearOfTheirCommitAfterIt() throws Exception {
        GroupCommit<String> rows = new GroupCommit<>(jdbc, GroupCommitTest::insert, committed::add, writer, java.time.Duration.ofMillis(1));
        List<String> told = new CopyOnWriteArrayList<>();

        rows.submit("a", failure -> told.add("a:" + failure + ":" + jdbc.list("SELECT v FROM t ORDER BY v", r -> r.getString(1))));
        rows.submit("b", failure -> told.add("b:" + failure));

        assertThat(told).as("nothing is committed before the writer's job runs").isEmpty();
        assertThat(jobs).as("one job for both").hasSize(1);
        jobs.take().run();

        assertThat(committed).as("one commit").hasSize(1);
        assertThat(told).as("each told after the commit that holds its row").containsExactly("a:null:[a, b]", "b:null");
    }

    @Test
    void aSubmittedRowThatCannotBeCommittedIsToldWhy() {
        GroupCommit<String> rows = new GroupCommit<>(jdbc, (c, values) -> {
            throw new SQLException("disk full");
        }, committed::add, Runnable::run);
        List<RuntimeException> told = new ArrayList<>();

        rows.submit("a", told::add);

        assertThat(told).singleElement().isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("disk full"));
        assertThat(committed).isEmpty();
    }
}
