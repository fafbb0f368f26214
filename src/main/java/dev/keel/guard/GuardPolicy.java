package dev.keel.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The ResourceGuard's state machine, pure: {@code next(state, reading)} rises at once when a
 * resource crosses a high mark, and steps down one level only after every resource has stayed under
 * the low marks for the hold time (hysteresis, so the intake does not flap).
 */
public final class GuardPolicy {

    private record Resource(String name, Band band, ToDoubleFunction<Reading> value) {
    }

    private final List<Resource> resources;
    private final Duration hold;

    public GuardPolicy(Band cpu, Band memory, Band disk, Duration hold) {
        this.resources = List.of(
                new Resource("cpu", cpu, Reading::cpu),
                new Resource("memory", memory, Reading::memory),
                new Resource("disk", disk, Reading::disk));
        this.hold = hold;
    }

    public Duration hold() {
        return hold;
    }

    public Band band(String resource) {
        return resources.stream().filter(r -> r.name().equals(resource)).findFirst().orElseThrow().band();
    }

    public GuardState next(GuardState state, Reading reading) {
        List<String> critical = over(reading, Band::criticalHigh);
        List<String> hot = over(reading, Band::hotHigh);
        GuardLevel raised = !critical.isEmpty() ? GuardLevel.CRITICAL : !hot.isEmpty() ? GuardLevel.HOT : GuardLevel.OK;
        if (raised.compareTo(state.level()) > 0) {
            String why = String.join(", ", raised == GuardLevel.CRITICAL ? critical : hot);
            return new GuardState(raised, reading.at(), why, null);
        }
        if (state.level() == GuardLevel.OK) {
            return state;
        }
        GuardLevel allowed = calmLevel(state.level(), reading);
        if (allowed == state.level()) {
            return state.calmSince() == null ? state : new GuardState(state.level(), state.since(), state.reason(), null);
        }
        Instant calmSince = state.calmSince() == null ? reading.at() : state.calmSince();
        if (Duration.between(calmSince, reading.at()).compareTo(hold) >= 0) {
            String why = "every resource under its " + (allowed == GuardLevel.OK ? "hot" : "critical")
                    + "-low mark for " + hold.toSeconds() + " s";
            return new GuardState(allowed, reading.at(), why, null);
        }
        return state.calmSince() == null ? new GuardState(state.level(), state.since(), state.reason(), calmSince) : state;
    }

    /** The level the low marks allow from {@code level}: one step down at most. */
    private GuardLevel calmLevel(GuardLevel level, Reading reading) {
        if (level == GuardLevel.CRITICAL) {
            return !over(reading, Band::criticalLow).isEmpty() ? GuardLevel.CRITICAL : GuardLevel.HOT;
        }
        return !over(reading, Band::hotLow).isEmpty() ? GuardLevel.HOT : GuardLevel.OK;
    }

    private List<String> over(Reading reading, ToDoubleFunction<Band> mark) {
        List<String> found = new ArrayList<>();
        for (Resource r : resources) {
            double value = r.value().applyAsDouble(reading);
            double limit = mark.applyAsDouble(r.band());
            if (value >= limit) {
                found.add(String.format(Locale.ROOT, "%s %.1f%% >= %.0f%%", r.name(), value, limit));
            }
        }
        return found;
    }
}
