package dev.keel.night;

import dev.keel.guard.GuardLevel;
import dev.keel.guard.ResourceGuard;
import dev.keel.secrets.Publisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The night run (seed role O03): its steps in a fixed order, each recorded with start, end, outcome
 * and reason in ops/logs/NIGHT_RUN.md, the database and metrics. A failed step does not stop the
 * others; the whole run waits while the ResourceGuard is CRITICAL; two runs never overlap.
 */
public final class NightRun {

    private static final Logger LOG = LoggerFactory.getLogger(NightRun.class);

    /** One step as it ran. */
    public record StepRecord(String name, Instant start, Instant end, NightStep.Outcome outcome, String detail) {
    }

    private final List<NightStep> steps;
    private final ResourceGuard guard;
    private final Duration criticalWait;
    private final NightRunLog runs;
    private final Path report;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Path lockFile;

    public NightRun(List<NightStep> steps, ResourceGuard guard, Duration criticalWait, NightRunLog runs, Path report,
                    MeterRegistry meters, Clock clock) {
        this.steps = List.copyOf(steps);
        this.guard = guard;
        this.criticalWait = criticalWait;
        this.runs = runs;
        this.report = report;
        this.meters = meters;
        this.clock = clock;
        this.lockFile = report.resolveSibling(".night-run.lock");
    }

    /** Runs every step unless a run is already going; returns the records, empty if it did not run. */
    public List<StepRecord> run(String trigger) throws InterruptedException {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("Night run ({}) not started: another run is still going", trigger);
            return List.of();
        }
        try (NightLock lock = NightLock.tryTake(lockFile)) {
            if (lock == null) {
                LOG.warn("Night run ({}) not started: another process holds {}", trigger, lockFile);
                return List.of();
            }
            Instant started = clock.instant();
            String waited = waitWhileCritical();
            List<StepRecord> records = new ArrayList<>();
            for (NightStep step : steps) {
                records.add(runStep(step, waited));
            }
            boolean failed = records.stream().anyMatch(r -> r.outcome() == NightStep.Outcome.FAILED);
            String outcome = failed ? "FAILED" : "OK";
            runs.record(new NightRunLog.Run(started, clock.instant(), trigger, outcome, summary(records)));
            meters.counter("keel.night.runs", "trigger", trigger, "outcome", outcome).increment();
            Publisher.publish(report, NightReport.render(trigger, started, clock.instant(), waited, records, runs.recent(14)));
            LOG.info("Night run ({}) {}: {}", trigger, outcome.toLowerCase(), summary(records));
            return records;
        } finally {
            running.set(false);
        }
    }

    /** For the cron route: the Quartz trigger. */
    public void scheduled() throws InterruptedException {
        run("cron");
    }

    /** At start-up: runs a night that was missed while Keel was down, if it is recent enough. */
    public boolean catchUp(CronExpression cron, Duration window) throws InterruptedException {
        List<NightRunLog.Run> last = runs.recent(1);
        Instant lastRun = last.isEmpty() ? null : last.get(0).started();
        var missed = CatchUp.missed(cron, lastRun, clock.instant(), window);
        if (missed.isEmpty()) {
            return false;
        }
        LOG.warn("The night run due {} was missed (last run {}); running it now", missed.get(), lastRun);
        run("catch-up");
        return true;
    }

    private String waitWhileCritical() throws InterruptedException {
        if (guard == null || guard.state().level() != GuardLevel.CRITICAL) {
            return null;
        }
        Instant since = clock.instant();
        Instant until = since.plus(criticalWait);
        LOG.warn("Night run waits: ResourceGuard is CRITICAL ({})", guard.state().reason());
        while (guard.state().level() == GuardLevel.CRITICAL && clock.instant().isBefore(until)) {
            Thread.sleep(1000);
        }
        long seconds = Duration.between(since, clock.instant()).toSeconds();
        return guard.state().level() == GuardLevel.CRITICAL
                ? "ResourceGuard still CRITICAL after " + seconds + " s; the steps ran anyway"
                : "waited " + seconds + " s for the ResourceGuard to leave CRITICAL";
    }

    private StepRecord runStep(NightStep step, String waited) {
        Instant start = clock.instant();
        NightStep.Result result;
        try {
            result = step.run();
        } catch (Exception e) {
            LOG.error("Night step {} failed: {}", step.name(), e.getMessage(), e);
            result = new NightStep.Result(NightStep.Outcome.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant end = clock.instant();
        meters.counter("keel.night.steps", "step", step.name(), "outcome", result.outcome().name()).increment();
        meters.timer("keel.night.step.duration", "step", step.name()).record(Duration.between(start, end));
        return new StepRecord(step.name(), start, end, result.outcome(), result.detail());
    }

    private static String summary(List<StepRecord> records) {
        return String.join(", ", records.stream().map(r -> r.name() + " " + r.outcome().name().toLowerCase()).toList());
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
