package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.guard.GuardLevel;
import dev.keel.support.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts once per cluster on one (H2) database: two engines with their own node ids, the lease, node-local inputs published
 * by the node that does not evaluate, a takeover when the evaluating node stops; and the retention.
 */
class AlertClusterTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(15);
    static final String YAML = """
            default-sinks: [hook]
            sinks:
              hook: {type: webhook, url-secret: hook-url}
            rules:
              guard-critical: {for: 0s, repeat: 1h}
            """;

    @TempDir
    Path home;
    KeelDatabase db;
    Jdbc jdbc;
    ManualClock clock = new ManualClock(T0);
    Path rulesFile;

    @BeforeEach
    void open() throws Exception {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        jdbc = new Jdbc(db::dataSource, "test");
        rulesFile = Files.createDirectories(home.resolve("ops/configs")).resolve("alerts.yaml");
        Files.writeString(rulesFile, YAML);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Snapshot node(GuardLevel guard, double inboxFree) {
        return new Snapshot(guard, Map.of(), new Snapshot.Queue(0, T0), new Snapshot.Night(T0, false, false, "backup ok"),
                new Snapshot.Health(T0, Duration.ofDays(1), T0), Map.of(), Map.of("inbox", inboxFree));
    }

    private AlertEngine engine(AlertCluster cluster, AtomicReference<Snapshot> snapshot, Duration retention) {
        return new AlertEngine(new AlertEngine.Parts(new AlertRulesSource(rulesFile, changed -> { }), at -> snapshot.get(),
                new AlertStore(db::dataSource, clock), cluster, retention, home.resolve("ops/health/ALERTS-" + cluster.node() + ".md"),
                new SimpleMeterRegistry(), clock));
    }

    private List<AlertDelivery> tickAt(AlertEngine engine, Instant at) {
        clock.now = at;
        return engine.tick();
    }

    private List<String> deliveries() {
        return jdbc.list("SELECT d.event, a.subject FROM keel_alert_delivery d JOIN keel_alert a ON a.alert_id = d.alert_id"
                + " ORDER BY d.delivery_id", r -> r.getString(1) + " " + r.getString(2));
    }

    @Test
    void oneNodeEvaluatesAndSeesTheOtherNodesGuard() throws Exception {
        AtomicReference<Snapshot> a = new AtomicReference<>(node(GuardLevel.OK, 50));
        AtomicReference<Snapshot> b = new AtomicReference<>(node(GuardLevel.CRITICAL, 50));
        AlertEngine nodeA = engine(AlertCluster.of(db::dataSource, "node-a", LEASE), a, Duration.ofDays(30));
        AlertEngine nodeB = engine(AlertCluster.of(db::dataSource, "node-b", LEASE), b, Duration.ofDays(30));

        tickAt(nodeA, T0); // node-a takes the lease; node-b has not published yet
        assertThat(tickAt(nodeB, T0)).as("node-b does not lead: it sends nothing").isEmpty();
        List<AlertDelivery> due = tickAt(nodeA, T0.plusSeconds(5));
        assertThat(due).extracting(d -> d.event() + " " + d.alert().subject()).containsExactly("FIRE node-b");
        assertThat(due.get(0).alert().summary()).isEqualTo("ResourceGuard on node node-b is CRITICAL: inbox consumers are suspended");
        for (int i = 2; i < 6; i++) {
            tickAt(nodeB, T0.plusSeconds(5L * i));
            tickAt(nodeA, T0.plusSeconds(5L * i));
        }
        assertThat(deliveries()).as("fired once across both nodes").containsExactly("fire node-b");

        // node-a stops; once its lease has run out node-b evaluates, and the open alert neither fires again nor is lost
        assertThat(tickAt(nodeB, T0.plusSeconds(30))).as("node-a's lease still holds").isEmpty();
        assertThat(tickAt(nodeB, T0.plusSeconds(50))).extracting(d -> d.event() + " " + d.alert().subject())
                .as("the queued fire is now node-b's to send").containsExactly("FIRE node-b");
        b.set(node(GuardLevel.OK, 50));
        tickAt(nodeB, T0.plusSeconds(55));
        tickAt(nodeB, T0.plusSeconds(60));
        assertThat(deliveries()).containsExactly("fire node-b", "resolve node-b");
        assertThat(Files.readString(home.resolve("ops/health/ALERTS-node-a.md"))).contains("node-b");

        tickAt(nodeB, T0.plus(Duration.ofDays(2))); // the hourly clean-up forgets node-a, silent for a day
        assertThat(jdbc.list("SELECT node_id FROM keel_alert_node", r -> r.getString(1))).containsExactly("node-b");
    }

    @Test
    void aDiskLowOnTheOtherNodeNamesNodeAndFolder() {
        AtomicReference<Snapshot> a = new AtomicReference<>(node(GuardLevel.OK, 50));
        AtomicReference<Snapshot> b = new AtomicReference<>(node(GuardLevel.OK, 3));
        AlertEngine nodeA = engine(AlertCluster.of(db::dataSource, "node-a", LEASE), a, Duration.ofDays(30));
        AlertEngine nodeB = engine(AlertCluster.of(db::dataSource, "node-b", LEASE), b, Duration.ofDays(30));
        List<AlertDelivery> due = List.of();
        for (int i = 0; i <= 14 && due.isEmpty(); i++) { // disk-low holds for 1m by default; node-a ticks first and leads
            due = tickAt(nodeA, T0.plusSeconds(5L * i));
            assertThat(tickAt(nodeB, T0.plusSeconds(5L * i))).isEmpty();
        }
        assertThat(clock.now).as("a minute after node-a first saw node-b's row (5 s), not before").isEqualTo(T0.plusSeconds(65));
        assertThat(due).extracting(d -> d.alert().rule() + " " + d.alert().subject()).containsExactly("disk-low node-b:inbox");
        assertThat(due.get(0).alert().summary()).startsWith("the disk of inbox on node node-b has 3.0 % free");
    }

    @Test
    void aNodeThatCannotReadItsGuardLeavesTheGuardRuleWaiting() {
        AtomicReference<Snapshot> a = new AtomicReference<>(node(GuardLevel.CRITICAL, 50));
        Snapshot blind = node(GuardLevel.OK, 50);
        AtomicReference<Snapshot> b = new AtomicReference<>(new Snapshot(null, blind.providers(), blind.queue(), blind.night(),
                blind.health(), blind.overdueSecrets(), blind.diskFreePercent()));
        AlertCluster clusterB = AlertCluster.of(db::dataSource, "node-b", LEASE);
        AlertEngine nodeA = engine(AlertCluster.of(db::dataSource, "node-a", LEASE), a, Duration.ofDays(30));
        clusterB.publish(b.get(), T0); // node-b's round published what it could read, and it could not read its guard
        tickAt(nodeA, T0);
        assertThat(deliveries()).as("node-b's guard is unknown: the rule waits").isEmpty();
        b.set(node(GuardLevel.OK, 50));
        clusterB.publish(b.get(), T0.plusSeconds(6));
        tickAt(nodeA, T0.plusSeconds(10));
        assertThat(deliveries()).containsExactly("fire node-a");
    }

    @Test
    void oneNodeNamesNoNode() {
        AtomicReference<Snapshot> only = new AtomicReference<>(node(GuardLevel.CRITICAL, 50));
        AlertEngine engine = engine(AlertCluster.single(), only, Duration.ofDays(30));
        assertThat(tickAt(engine, T0)).extracting(d -> d.alert().summary())
                .containsExactly("ResourceGuard is CRITICAL: inbox consumers are suspended");
        assertThat(jdbc.list("SELECT COUNT(*) FROM keel_alert_lease", r -> r.getLong(1))).containsExactly(0L);
    }

    @Test
    void resolvedAlertsAndSettledDeliveriesOlderThanTheRetentionAreDeleted() {
        AtomicReference<Snapshot> only = new AtomicReference<>(node(GuardLevel.CRITICAL, 50));
        AlertEngine engine = engine(AlertCluster.single(), only, Duration.ofHours(2));
        AlertStore store = new AlertStore(db::dataSource, clock);
        tickAt(engine, T0);
        only.set(node(GuardLevel.OK, 50));
        tickAt(engine, T0.plusSeconds(60)); // resolved at T0 + 1 min
        only.set(node(GuardLevel.CRITICAL, 50));
        tickAt(engine, T0.plusSeconds(120)); // fires again: an open alert
        store.due(clock.instant(), 10).forEach(d -> store.sent(d.id(), clock.instant()));
        assertThat(deliveries()).containsExactly("fire ", "resolve ", "fire ");

        tickAt(engine, T0.plus(Duration.ofMinutes(61))); // the hourly prune: nothing is two hours old yet
        assertThat(deliveries()).hasSize(3);
        tickAt(engine, T0.plus(Duration.ofMinutes(215)));
        assertThat(jdbc.list("SELECT resolved_at IS NULL FROM keel_alert", r -> r.getBoolean(1)))
                .as("the resolved alert went, the open one stays").containsExactly(true);
        assertThat(deliveries()).as("the open alert's sent fire is past the retention too; its repeat, queued now, stays")
                .containsExactly("repeat ");
        assertThat(store.open()).hasSize(1);
    }

    @Test
    void aPendingDeliveryIsNeverDeletedByTheRetention() {
        AlertStore store = new AlertStore(db::dataSource, clock);
        AtomicReference<Snapshot> only = new AtomicReference<>(node(GuardLevel.CRITICAL, 50));
        tickAt(engine(AlertCluster.single(), only, Duration.ofHours(1)), T0);
        assertThat(store.prune(T0.plus(Duration.ofDays(1)))).isZero();
        assertThat(deliveries()).containsExactly("fire ");
    }
}
