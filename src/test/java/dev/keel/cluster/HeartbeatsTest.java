package dev.keel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes' heartbeats in one database, read by one of them as the clock moves. */
class HeartbeatsTest {

    KeelDatabase db;
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.db.url", "jdbc:h2:mem:heartbeats-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD", "keel.home", System.getProperty("java.io.tmpdir"))));
    }

    @AfterEach
    void close() {
        db.close();
    }

    Heartbeats node(String id) {
        return new Heartbeats(db::dataSource, clock, id, "host-" + id, "test", Duration.ofSeconds(30));
    }

    @Test
    void aNodeThatStopsBeatingShowsStaleToTheOthers() {
        Heartbeats a = node("node-a");
        Heartbeats b = node("node-b");
        a.beat();
        b.beat();
        assertThat(a.nodes()).extracting(Heartbeats.Node::id, Heartbeats.Node::alive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-a", true), org.assertj.core.groups.Tuple.tuple("node-b", true));

        clock.now = clock.now.plusSeconds(40);
        a.beat();

        assertThat(a.nodes()).extracting(Heartbeats.Node::id, Heartbeats.Node::alive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-a", true), org.assertj.core.groups.Tuple.tuple("node-b", false));
        assertThat(b.nodes().get(0).id()).as("each node lists itself first").isEqualTo("node-b");
    }

    @Test
    void aBeatUpdatesTheNodesRowRatherThanAddingOne() {
        Heartbeats a = node("node-a");
        a.beat();
        clock.now = clock.now.plusSeconds(10);
        a.beat();

        assertThat(a.nodes()).singleElement().satisfies(n -> {
            assertThat(n.lastBeat()).isEqualTo(clock.now);
            assertThat(n.host()).isEqualTo("host-node-a");
        });
    }

    @Test
    void nodesGoneForADayAreForgotten() {
        node("node-old").beat();
        clock.now = clock.now.plus(Duration.ofDays(1)).plusSeconds(1);
        Heartbeats a = node("node-a");
        a.beat();

        assertThat(a.nodes()).extracting(Heartbeats.Node::id).containsExactly("node-a");
    }
}
