package dev.keel.night;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.guard.Band;
import dev.keel.guard.GuardMode;
import dev.keel.guard.GuardPolicy;
import dev.keel.guard.ResourceGuard;
import dev.keel.support.Samples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightRunTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private NightStep step(String name, NightStep.Result result) {
        return new NightStep() {
            public String name() {
                return name;
            }

            public Result run() {
                ran.add(name);
                if (result == null) {
                    throw new IllegalStateException(name + " broke");
                }
                return result;
            }
        };
    }

    private NightRun night(ResourceGuard guard, Clock clock) {
        return new NightRun(List.of(step("first", NightStep.Result.ok("did it")), step("second", null),
                step("third", NightStep.Result.skipped("nothing to do"))), guard, Duration.ofSeconds(3), new NightRunLog(db::dataSource),
                home.resolve("ops/logs/NIGHT_RUN.md"), meters, clock);
    }

    @Test
    void aFailedStepDoesNotStopTheOthersAndEveryStepIsRecorded() throws Exception {
        List<NightRun.StepRecord> records = night(null, Clock.systemUTC()).run("by hand");

        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(records).extracting(NightRun.StepRecord::outcome)
                .containsExactly(NightStep.Outcome.OK, NightStep.Outcome.FAILED, NightStep.Outcome.SKIPPED);
        assertThat(home.resolve("ops/logs/NIGHT_RUN.md")).content()
                .contains("(by hand)", "| 2 | second |", "**FAILED** | IllegalStateException: second broke |", "| SKIPPED | nothing to do |",
                        "## Recent runs", "| by hand | FAILED |");
        assertThat(new NightRunLog(db::dataSource).recent(5)).singleElement().extracting(NightRunLog.Run::outcome).isEqualTo("FAILED");
        assertThat(meters.counter("keel.night.steps", "step", "second", "outcome", "FAILED").count()).isEqualTo(1.0);
    }

    @Test
    void aMissedNightIsCaughtUpAtStartAndOnlyOnce() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T04:00:00Z"), ZoneOffset.UTC);
        new NightRunLog(db::dataSource).record(new NightRunLog.Run(Instant.parse("2026-03-01T02:00:00Z"),
                Instant.parse("2026-03-01T02:01:00Z"), "cron", "OK", "all ok"));
        NightSchedule schedule = new NightSchedule(night(null, clock), CatchUp.cron("0 0 2 * * ?", TimeZone.getTimeZone("UTC")),
                Duration.ofHours(6));

        assertThat(schedule.catchUp()).isTrue();
        assertThat(schedule.catchUp()).isFalse();
        assertThat(new NightRunLog(db::dataSource).recent(5)).extracting(NightRunLog.Run::trigger).containsExactly("catch-up", "cron");
    }

    @Test
    void theRunWaitsWhileTheGuardIsCritical() throws Exception {
        ResourceGuard guard = new ResourceGuard(new GuardPolicy(new Band(85, 70, 95, 85), new Band(85, 75, 95, 90),
                new Band(90, 85, 97, 94), Duration.ZERO), () -> Samples.at(0, 1, 1, 1), GuardMode.ENFORCE, 2, 1, meters, Samples.T0);
        guard.observe(Samples.at(0, 99, 10, 10));
        Thread calm = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            guard.observe(Samples.at(1, 10, 10, 10));
            guard.observe(Samples.at(2, 10, 10, 10));
        });
        calm.start();

        night(guard, Clock.systemUTC()).run("cron");
        calm.join();

        assertThat(home.resolve("ops/logs/NIGHT_RUN.md")).content().contains("waited", "for the ResourceGuard to leave CRITICAL");
        assertThat(ran).containsExactly("first", "second", "third");
    }
}
