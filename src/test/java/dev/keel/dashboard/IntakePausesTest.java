package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.content.ContentProgress;
import dev.keel.content.ContentQueue;
import dev.keel.db.KeelDatabase;
import dev.keel.guard.GuardLevel;
import dev.keel.guard.GuardState;
import dev.keel.guard.IntakeControl;
import dev.keel.support.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An intake paused from the dashboard stays paused through the guard's resume after CRITICAL, and through a restart. */
class IntakePausesTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path home;
    KeelDatabase db;
    final ManualClock clock = new ManualClock(T0);

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Two intake routes and the other route kinds around them, as Keel wires them: the pauses bean, restored at start. */
    private CamelContext start() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:a?period=3600000").routeId("content-intake").routeGroup(IntakeControl.GROUP).to("log:a?level=OFF");
                from("timer:b?period=3600000").routeId("export-intake").routeGroup(IntakeControl.GROUP).to("log:b?level=OFF");
            }
        });
        IntakePauses pauses = new IntakePauses(db::dataSource);
        camel.getRegistry().bind(IntakeControl.PAUSES, pauses);
        camel.start();
        pauses.restore(camel);
        return camel;
    }

    private Actions actions(CamelContext camel) {
        return new Actions(camel, new ContentQueue(db::dataSource, clock), new ContentProgress(new SimpleMeterRegistry(), () -> 0, clock),
                () -> null, new ActionLog(db::dataSource, clock), db::dataSource, clock);
    }

    private static ServiceStatus status(CamelContext camel, String route) {
        return camel.getRouteController().getRouteStatus(route);
    }

    @Test
    void theGuardsResumeLeavesAManualPauseAloneAndARestartKeepsIt() throws Exception {
        CamelContext camel = start();
        try {
            IntakeControl guard = new IntakeControl(camel);
            actions(camel).pause("content-intake", "ada");
            GuardState ok = new GuardState(GuardLevel.OK, T0, "calm", T0);
            GuardState critical = new GuardState(GuardLevel.CRITICAL, T0.plusSeconds(60), "cpu 99%", null);
            guard.onTransition(ok, critical);
            assertThat(status(camel, "export-intake")).isEqualTo(ServiceStatus.Suspended);
            guard.onTransition(critical, new GuardState(GuardLevel.OK, T0.plusSeconds(120), "calm again", T0.plusSeconds(120)));
            assertThat(status(camel, "export-intake")).as("the guard's own suspension is lifted").isEqualTo(ServiceStatus.Started);
            assertThat(status(camel, "content-intake")).as("the operator's pause is not").isEqualTo(ServiceStatus.Suspended);
        } finally {
            camel.stop();
        }

        camel = start(); // a restart of Keel on the same database
        try {
            assertThat(status(camel, "content-intake")).as("paused again at start").isEqualTo(ServiceStatus.Suspended);
            assertThat(status(camel, "export-intake")).isEqualTo(ServiceStatus.Started);
            actions(camel).resume("content-intake", "grace");
            assertThat(status(camel, "content-intake")).isEqualTo(ServiceStatus.Started);
            IntakeControl guard = new IntakeControl(camel);
            GuardState critical = new GuardState(GuardLevel.CRITICAL, T0.plusSeconds(300), "cpu 99%", null);
            guard.onTransition(new GuardState(GuardLevel.OK, T0, "calm", T0), critical);
            guard.onTransition(critical, new GuardState(GuardLevel.OK, T0.plusSeconds(400), "calm", T0.plusSeconds(400)));
            assertThat(status(camel, "content-intake")).as("resumed by the operator: the guard resumes it too").isEqualTo(ServiceStatus.Started);
        } finally {
            camel.stop();
        }
        camel = start();
        try {
            assertThat(status(camel, "content-intake")).as("the last action was a resume").isEqualTo(ServiceStatus.Started);
        } finally {
            camel.stop();
        }
    }
}
