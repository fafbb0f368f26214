package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.cluster.NodeId;
import dev.keel.db.KeelDatabase;
import dev.keel.support.ManualClock;
import dev.keel.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbox read locks of several nodes on embedded H2; {@link PostgresInboxLocksTest} runs the same on PostgreSQL. */
class InboxLocksTest {

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

    private InboxLocks node(String id) {
        return new InboxLocks(db::dataSource, new NodeId(id), Duration.ofSeconds(30), clock);
    }

    @Test
    void oneNodeTakesAFileTheOthersDoNot() {
        InboxLocks a = node("node-a");
        InboxLocks b = node("node-b");

        assertThat(a.add("/inbox/content/week.yaml")).isTrue();
        assertThat(b.add("/inbox/content/week.yaml")).isFalse();
        assertThat(b.remove("/inbox/content/week.yaml")).as("b cannot release a's lock").isFalse();
        assertThat(b.contains("/inbox/content/week.yaml")).isTrue();

        assertThat(a.remove("/inbox/content/week.yaml")).isTrue();
        assertThat(b.add("/inbox/content/week.yaml")).as("released: the next file of that name is anyone's").isTrue();
    }

    @Test
    void aDeadNodesLockIsTakenOverOnceItsLeaseRanOut() {
        InboxLocks a = node("node-a");
        InboxLocks b = node("node-b");
        assertThat(a.add("/inbox/content/week.yaml")).isTrue();

        clock.now = clock.now.plusSeconds(20);
        assertThat(a.renew()).isEqualTo(1);
        clock.now = clock.now.plusSeconds(20);
        assertThat(b.add("/inbox/content/week.yaml")).as("renewed 20 s ago").isFalse();

        clock.now = clock.now.plusSeconds(11); // a died: 31 s since its last renewal
        assertThat(b.contains("/inbox/content/week.yaml")).isFalse();
        assertThat(b.add("/inbox/content/week.yaml")).isTrue();
        assertThat(a.remove("/inbox/content/week.yaml")).as("a no longer holds it").isFalse();
    }

    @Test
    void onlyFilesNoLiveNodeHoldsGoBackFromInProgress() throws Exception {
        Path inbox = home.resolve("inbox");
        Path stuck = Files.createDirectories(inbox.resolve("content/.inprogress"));
        Files.writeString(stuck.resolve("mine.yaml"), "a");
        Files.writeString(stuck.resolve("theirs.yaml"), "b");
        InboxLocks a = node("node-a");
        InboxLocks b = node("node-b");
        a.add(inbox.resolve("content/mine.yaml").toAbsolutePath().toString());
        b.add(inbox.resolve("content/theirs.yaml").toAbsolutePath().toString());
        clock.now = clock.now.plusSeconds(20);
        b.renew();
        clock.now = clock.now.plusSeconds(20); // a stopped renewing; b is alive

        List<Path> moved = InProgressRecovery.recover(inbox, original -> !b.contains(original.toAbsolutePath().toString()));

        assertThat(moved).containsExactly(inbox.resolve("content/mine.yaml"));
        assertThat(stuck.resolve("theirs.yaml")).exists();
    }
}
