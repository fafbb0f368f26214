package dev.keel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger's journal: rows safe before the table has them, each inserted exactly once, also after a crash. */
class LedgerJournalTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private Path folder;
    private final Instant now = Instant.parse("2026-06-02T12:00:00Z");
    private final List<ScheduledExecutorService> flushers = new ArrayList<>();

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        folder = db.embeddedFolder().orElseThrow().resolve("ledger-journal");
    }

    @AfterEach
    void close() {
        flushers.forEach(ScheduledExecutorService::shutdownNow);
        db.close();
    }

    private CostLedger ledger(ScheduledExecutorService flusher) {
        flushers.add(flusher);
        return CostLedger.journaled(db::dataSource, new SimpleMeterRegistry(), Clock.fixed(now, ZoneOffset.UTC), ZoneOffset.UTC,
                LedgerJournal.open(folder).orElseThrow(), flusher);
    }

    /** A flusher that never runs a job: rows reach the table only through flush() or recovery. */
    private static ScheduledExecutorService stopped() {
        ScheduledExecutorService never = Executors.newSingleThreadScheduledExecutor();
        never.shutdown();
        return never;
    }

    private static CostLedger.Call call(int i) {
        return new CostLedger.Call(Instant.parse("2026-06-02T10:00:00Z").plusMillis(i), "agent-" + (i % 7), "kimi", "m",
                Tier.REASONING, "reason " + i + " with \"quotes\", a tab\t and a new\nline", new Usage(i, 2L * i, 0, 0, i % 90), 0.001,
                false, "ok", i % 3);
    }

    private List<String> reasons() {
        return new Jdbc(db::dataSource, "reader").list("SELECT reason FROM keel_model_call ORDER BY input_tokens", r -> r.getString(1));
    }

    @Test
    void aRecordedCallIsInTheJournalBeforeTheTableAndInTheTableAfterItsFlush() throws Exception {
        CostLedger ledger = ledger(stopped());
        ledger.record(call(1));

        assertThat(reasons()).isEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            Path segment = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
            assertThat(Files.readString(segment)).contains("reason 1 with");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        ledger.flush();
        assertThat(reasons()).containsExactly(call(1).reason());
    }

    @Test
    void rowsLeftInTheJournalByACrashAreInsertedOnceAtTheNextStart() {
        CostLedger first = ledger(stopped());
        for (int i = 1; i <= 200; i++) {
            first.record(call(i));
        }
        first.flush(); // these 200 are in the table and still in the journal's open segment
        for (int i = 201; i <= 500; i++) {
            first.record(call(i));
        }
        // the process dies: nothing more is flushed; only the file lock goes with it
        LedgerJournal.open(folder).ifPresent(j -> { throw new AssertionError("the journal must stay locked while its ledger runs"); });
        releaseLockAsACrashWould(first);

        CostLedger second = ledger(stopped());
        second.flush();

        List<String> reasons = reasons();
        assertThat(reasons).hasSize(500).doesNotHaveDuplicates();
        assertThat(reasons.get(499)).isEqualTo(call(500).reason());
        assertThat(second.spentToday().get("kimi")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aTornLastLineIsSkippedAndTheRowsBeforeItKept() throws Exception {
        CostLedger first = ledger(stopped());
        first.record(call(1));
        first.record(call(2));
        releaseLockAsACrashWould(first);
        try (Stream<Path> files = Files.list(folder)) {
            Path segment = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
            Files.writeString(segment, "[\"0190-torn\", 17000", java.nio.file.StandardOpenOption.APPEND);
        }

        ledger(stopped()).flush();

        assertThat(reasons()).containsExactly(call(1).reason(), call(2).reason());
    }

    @Test
    void aCleanStopInsertsEverythingAndLeavesNoSegment() throws Exception {
        CostLedger ledger = ledger(Executors.newSingleThreadScheduledExecutor());
        for (int i = 1; i <= 50; i++) {
            ledger.record(call(i));
        }
        ledger.close();

        assertThat(reasons()).hasSize(50);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.filter(p -> p.toString().endsWith(".journal"))).isEmpty();
        }
    }

    @Test
    void theSpendViewCountsEachCallOnceWhileCallsAreBeingRecordedAndFlushed() throws Exception {
        CostLedger live = ledger(Executors.newSingleThreadScheduledExecutor());
        ExecutorService agents = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            done.add(agents.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    live.record(new CostLedger.Call(now, "agent", "kimi", "m", Tier.REASONING, "r", new Usage(1, 1, 0, 0, 1), 0.01,
                            false, "ok"));
                }
            }));
        }
        Map<String, Double> early = live.spentToday(); // built from the table while rows are still coming
        for (Future<?> f : done) {
            f.get();
        }
        agents.shutdown();

        assertThat(early.getOrDefault("kimi", 0.0)).isLessThanOrEqualTo(4.0 + 1e-9);
        assertThat(live.spentToday().get("kimi")).isCloseTo(4.0, within(1e-9));
        assertThat(live.spentToday(ZoneOffset.UTC, now).get("kimi")).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void callIdsGrowWithTimeAndAreVersion7() throws Exception {
        java.util.UUID a = CallIds.next();
        Thread.sleep(2);
        java.util.UUID b = CallIds.next();
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(a.toString().compareTo(b.toString())).isNegative();
        assertThat(CallIds.hex()).matches("[0-9a-f]{32}");
    }

    /** What a kill leaves: the journal's files as they are, the lock gone (the tests share one process). */
    private static void releaseLockAsACrashWould(CostLedger ledger) {
        ledger.abandon();
    }
}
