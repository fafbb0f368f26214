package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.ledger.CostLedger;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error-rate rule's five-minute counts: the window once, then only new rows, old seconds dropped. */
class CallWindowTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private CostLedger ledger;
    private final Instant t0 = Instant.parse("2026-06-02T12:00:00Z");

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        ledger = new CostLedger(db::dataSource, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void call(Instant at, String provider, String outcome) {
        ledger.record(new CostLedger.Call(at, "agent", provider, "m", Tier.REASONING, "r", new Usage(1, 1, 0, 0, 1), 0.0, false, outcome));
    }

    @Test
    void countsTheLastFiveMinutesAndAddsOnlyNewRowsLater() {
        call(t0.minusSeconds(400), "kimi", "failed"); // outside the window from the start
        call(t0.minusSeconds(200), "kimi", "ok");
        call(t0.minusSeconds(100), "kimi", "failed");
        call(t0.minusSeconds(10), "claude", "ok");
        CallWindow window = new CallWindow(new Jdbc(db::dataSource, "test"));

        Map<String, long[]> first = window.counts(t0);
        assertThat(first.get("kimi")).containsExactly(2, 1);
        assertThat(first.get("claude")).containsExactly(1, 0);

        call(t0.plusSeconds(5), "kimi", "rate-limited");
        call(t0.plusSeconds(6), "claude", "ok");
        Map<String, long[]> second = window.counts(t0.plusSeconds(10));
        assertThat(second.get("kimi")).containsExactly(3, 2);
        assertThat(second.get("claude")).containsExactly(2, 0);

        // 150 s later the calls from t0-200 s and t0-100 s have left the window
        Map<String, long[]> later = window.counts(t0.plusSeconds(210));
        assertThat(later.get("kimi")).containsExactly(1, 1);
        assertThat(later.get("claude")).containsExactly(2, 0);
    }

    @Test
    void anEmptyWindowDoesNotMakeTheNextRoundReadTheWholeTable() {
        call(t0.minusSeconds(3600), "kimi", "failed");
        CallWindow window = new CallWindow(new Jdbc(db::dataSource, "test"));

        assertThat(window.counts(t0)).isEmpty();
        call(t0.plusSeconds(1), "kimi", "ok");
        assertThat(window.counts(t0.plusSeconds(2)).get("kimi")).containsExactly(1, 0);
    }
}
