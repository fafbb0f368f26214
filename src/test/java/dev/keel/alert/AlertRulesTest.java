package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.guard.GuardLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure decision: fire after `for`, repeat unless acknowledged, resolve when it clears, keep state when the input is unknown. */
class AlertRulesTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final List<AlertRule> RULES = AlertRulesFile.load(Path.of("no-such-alerts.yaml")).rules();

    static Snapshot quiet() {
        return new Snapshot(GuardLevel.OK, Map.of("kimi", provider(0.5, 10)), new Snapshot.Queue(0, T0),
                new Snapshot.Night(T0, false, false, "backup ok"), new Snapshot.Health(T0, Duration.ofDays(1), T0), Map.of(),
                Map.of("inbox", 50.0));
    }

    static Snapshot.ProviderState provider(double spent, double budget) {
        return new Snapshot.ProviderState(false, Duration.ZERO, 0, 0, spent, budget);
    }

    static Snapshot guard(GuardLevel level) {
        Snapshot q = quiet();
        return new Snapshot(level, q.providers(), q.queue(), q.night(), q.health(),
                q.overdueSecrets(), q.diskFreePercent());
    }

    static Snapshot spent(double dollars) {
        Snapshot q = quiet();
        return new Snapshot(q.guard(), Map.of("kimi", provider(dollars, 10)), q.queue(), q.night(), q.health(), q.overdueSecrets(),
                q.diskFreePercent());
    }

    private static AlertRules.Evaluation step(Snapshot s, AlertState state, Instant at) {
        return AlertRules.evaluate(RULES, s, state, at);
    }

    private static List<String> kinds(AlertRules.Evaluation e) {
        return e.events().stream().map(ev -> ev.kind().label() + " " + ev.alert().rule() + "/" + ev.alert().subject()).toList();
    }

    @Test
    void guardCriticalFiresOnlyAfterHoldingAMinute() {
        AlertRules.Evaluation first = step(guard(GuardLevel.CRITICAL), AlertState.empty(), T0);
        AlertRules.Evaluation halfway = step(guard(GuardLevel.CRITICAL), first.state(), T0.plusSeconds(30));
        AlertRules.Evaluation held = step(guard(GuardLevel.CRITICAL), halfway.state(), T0.plusSeconds(60));

        assertThat(kinds(first)).isEmpty();
        assertThat(kinds(halfway)).isEmpty();
        assertThat(kinds(held)).containsExactly("fire guard-critical/");
        assertThat(held.events().get(0).alert().severity()).isEqualTo(Alert.Severity.CRITICAL);
    }

    @Test
    void aDipBelowCriticalStartsTheHoldAgain() {
        AlertState s = step(guard(GuardLevel.CRITICAL), AlertState.empty(), T0).state();
        s = step(guard(GuardLevel.HOT), s, T0.plusSeconds(40)).state();
        AlertRules.Evaluation again = step(guard(GuardLevel.CRITICAL), s, T0.plusSeconds(70));

        assertThat(kinds(again)).isEmpty();
        assertThat(kinds(step(guard(GuardLevel.CRITICAL), again.state(), T0.plusSeconds(130)))).containsExactly("fire guard-critical/");
    }

    @Test
    void aFiringAlertRepeatsAtItsIntervalAndResolvesOnceWhenItClears() {
        AlertState s = step(guard(GuardLevel.CRITICAL), AlertState.empty(), T0).state();
        s = step(guard(GuardLevel.CRITICAL), s, T0.plusSeconds(60)).state();
        AlertRules.Evaluation early = step(guard(GuardLevel.CRITICAL), s, T0.plusSeconds(1800));
        AlertRules.Evaluation repeat = step(guard(GuardLevel.CRITICAL), early.state(), T0.plusSeconds(3660));
        AlertRules.Evaluation resolved = step(guard(GuardLevel.OK), repeat.state(), T0.plusSeconds(3700));
        AlertRules.Evaluation after = step(guard(GuardLevel.OK), resolved.state(), T0.plusSeconds(3800));

        assertThat(kinds(early)).isEmpty();
        assertThat(kinds(repeat)).containsExactly("repeat guard-critical/");
        assertThat(kinds(resolved)).containsExactly("resolve guard-critical/");
        assertThat(resolved.events().get(0).alert().resolvedAt()).isEqualTo(T0.plusSeconds(3700));
        assertThat(kinds(after)).isEmpty();
        assertThat(after.state().open()).isEmpty();
    }

    @Test
    void anAcknowledgedAlertDoesNotRepeatButStillResolves() {
        AlertState s = step(spent(10), AlertState.empty(), T0).state();
        AlertState.Tracked open = s.open().get(AlertState.key("budget-100", "kimi"));
        Alert acked = new Alert(open.alert().id(), open.alert().rule(), "kimi", open.alert().severity(), "", open.alert().firedAt(), null,
                "ana", T0.plusSeconds(5));
        java.util.Map<String, AlertState.Tracked> withAck = new java.util.HashMap<>(s.open());
        withAck.put(AlertState.key("budget-100", "kimi"), new AlertState.Tracked(acked, open.lastSent()));
        s = new AlertState(s.pending(), withAck);

        assertThat(kinds(step(spent(10), s, T0.plusSeconds(5 * 3600)))).isEmpty();
        AlertRules.Evaluation nextDay = step(spent(0), s, T0.plusSeconds(14 * 3600));
        assertThat(kinds(nextDay)).containsExactlyInAnyOrder("resolve budget-100/kimi", "resolve budget-80/kimi");
        assertThat(nextDay.events().stream().filter(e -> e.alert().rule().equals("budget-100")).findFirst().orElseThrow().alert()
                .acknowledgedBy()).isEqualTo("ana");
    }

    @Test
    void budgetCrossingsFireEachThresholdOnce() {
        AlertRules.Evaluation under = step(spent(7.99), AlertState.empty(), T0);
        AlertRules.Evaluation at80 = step(spent(8.0), under.state(), T0.plusSeconds(5));
        AlertRules.Evaluation still = step(spent(9.0), at80.state(), T0.plusSeconds(10));
        AlertRules.Evaluation at100 = step(spent(10.5), still.state(), T0.plusSeconds(15));

        assertThat(kinds(under)).isEmpty();
        assertThat(kinds(at80)).containsExactly("fire budget-80/kimi");
        assertThat(at80.events().get(0).alert().summary()).isEqualTo("kimi has spent $8.00 of its $10.00 daily budget (80 %)");
        assertThat(kinds(still)).isEmpty();
        assertThat(kinds(at100)).containsExactly("fire budget-100/kimi");
    }

    @Test
    void smallBudgetsAreShownWithTheirCents() {
        Snapshot q = quiet();
        Snapshot tiny = new Snapshot(q.guard(), Map.of("kimi", provider(0.003, 0.003)), q.queue(), q.night(), q.health(), Map.of(),
                q.diskFreePercent());

        assertThat(step(tiny, AlertState.empty(), T0).events()).extracting(e -> e.alert().summary())
                .contains("kimi has spent $0.003 of its $0.003 daily budget (100 %)");
    }

    @Test
    void anUnknownInputKeepsTheAlertOpenInsteadOfResolvingIt() {
        AlertState s = step(spent(10), AlertState.empty(), T0).state();
        Snapshot q = quiet();
        Snapshot noDatabase = new Snapshot(q.guard(), null, null, null, q.health(), Map.of(), q.diskFreePercent());

        AlertRules.Evaluation e = step(noDatabase, s, T0.plusSeconds(60));

        assertThat(kinds(e)).isEmpty();
        assertThat(e.state().open()).containsKeys(AlertState.key("budget-100", "kimi"), AlertState.key("budget-80", "kimi"));
    }

    @Test
    void eachRuleKindHoldsOnItsOwnEvidence() {
        Snapshot s = new Snapshot(GuardLevel.OK,
                Map.of("claude", new Snapshot.ProviderState(true, Duration.ZERO, 10, 1, 0, 0),
                        "groq", new Snapshot.ProviderState(false, Duration.ZERO, 10, 3, 0, 0),
                        "ollama", new Snapshot.ProviderState(false, Duration.ZERO, 2, 2, 0, 0)),
                new Snapshot.Queue(40, T0.minusSeconds(16 * 60)), new Snapshot.Night(T0, true, true, "backup failed"),
                new Snapshot.Health(T0.minusSeconds(11 * 60), Duration.ofMinutes(5), T0.minusSeconds(3600)),
                Map.of("kimi-key", T0.minusSeconds(86400)), Map.of("inbox", 4.0, "outbox", 50.0));
        AlertState state = step(s, AlertState.empty(), T0).state();

        List<String> fired = kinds(step(s, state, T0.plusSeconds(5 * 60)));

        assertThat(fired).containsExactlyInAnyOrder("fire provider-unavailable/claude", "fire disk-low/inbox");
        assertThat(kinds(step(s, AlertState.empty(), T0))).containsExactlyInAnyOrder("fire error-rate/groq", "fire queue-stalled/",
                "fire night-failed/", "fire backup-failed/", "fire health-stale/", "fire secret-rotation/kimi-key");
    }

    @Test
    void aSwitchedOffRuleNeitherFiresNorKeepsItsAlertsOpen() {
        AlertState s = step(spent(10), AlertState.empty(), T0).state();
        List<AlertRule> without = RULES.stream().map(r -> r.id().startsWith("budget") ? new AlertRule(r.id(), r.kind(), r.severity(),
                r.holdFor(), r.repeat(), r.params(), r.sinks(), false) : r).toList();

        AlertRules.Evaluation e = AlertRules.evaluate(without, spent(10), s, T0.plusSeconds(5));

        assertThat(kinds(e)).containsExactlyInAnyOrder("resolve budget-100/kimi", "resolve budget-80/kimi");
        assertThat(e.state().open()).isEmpty();
    }
}
