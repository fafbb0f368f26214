package dev.keel.boot;

import static dev.keel.support.Samples.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.guard.GuardLevel;
import dev.keel.guard.ResourceGuard;
import dev.keel.support.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * Synthetic samples that cross the thresholds, fed to the real ResourceGuard with the real routes:
 * CRITICAL suspends every intake route (a dropped file waits), leaving CRITICAL resumes them.
 */
@CamelMainTest(configurationClasses = KeelConfiguration.class, properties = {
    "camel.main.routesExcludePattern=file:routes/webhooks.camel.yaml,file:routes/agent-gateway.camel.yaml,file:routes/dashboard.camel.yaml",
    "keel.home=target/boot/guard",
    "keel.db.url=jdbc:h2:mem:guard-boot;DB_CLOSE_DELAY=-1",
    "keel.storage.min-age=0s",
    "keel.storage.poll-interval=100ms",
    "keel.guard.sample-interval=5m",
    "keel.guard.hold=30s"})
class GuardBootTest {

    static final Path HOME = Files2.freshHome("guard");

    @BeanInject
    CamelContext context;

    @BeanInject("resourceGuard")
    ResourceGuard guard;

    private void intake(String workflow) throws Exception {
        TemplatedRouteBuilder.builder(context, "inbox-intake").routeId(workflow + "-intake")
                .parameter("workflow", workflow).parameter("accept", ".*").parameter("target", "log:test?level=DEBUG").add();
    }

    private ServiceStatus status(String routeId) {
        return context.getRouteController().getRouteStatus(routeId);
    }

    private HealthCheck.State readiness() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("resource-guard")).findFirst().orElseThrow().getState();
    }

    @Test
    void criticalSuspendsEveryIntakeRouteAndCalmResumesThem() throws Exception {
        intake("alpha");
        intake("beta");
        assertThat(guard.getSamples()).as("the host sampler waits a whole interval (5m) before its first sample").isZero();

        assertThat(guard.observe(at(0, 97, 40, 50)).level()).isEqualTo(GuardLevel.CRITICAL);

        assertThat(status("alpha-intake")).isEqualTo(ServiceStatus.Suspended);
        assertThat(status("beta-intake")).isEqualTo(ServiceStatus.Suspended);
        assertThat(status("health-poll")).isEqualTo(ServiceStatus.Started);
        assertThat(readiness()).isEqualTo(HealthCheck.State.DOWN);

        Path waiting = Files.writeString(HOME.resolve("inbox/alpha/waits.txt"), "held back");
        Thread.sleep(1500);
        assertThat(waiting).exists();

        guard.observe(at(1, 10, 40, 50));
        assertThat(guard.observe(at(20, 10, 40, 50)).level()).isEqualTo(GuardLevel.CRITICAL);
        assertThat(status("alpha-intake")).isEqualTo(ServiceStatus.Suspended);

        assertThat(guard.observe(at(31, 10, 40, 50)).level()).isEqualTo(GuardLevel.HOT);
        assertThat(status("alpha-intake")).isEqualTo(ServiceStatus.Started);
        assertThat(status("beta-intake")).isEqualTo(ServiceStatus.Started);
        assertThat(readiness()).isEqualTo(HealthCheck.State.UP);
        assertThat(Files2.await(() -> !Files.exists(waiting), Duration.ofSeconds(10))).isTrue();
        // the file leaves the inbox for .inprogress before it reaches the archive
        Files2.await(() -> !Files2.listAll(HOME.resolve("archive/alpha")).isEmpty(), Duration.ofSeconds(10));
        assertThat(Files2.listAll(HOME.resolve("archive/alpha"))).singleElement().asString().endsWith("waits.txt");
    }

    @Test
    void hotLeavesTheIntakeRunning() {
        guard.observe(at(0, 90, 40, 50));

        assertThat(guard.getState()).isEqualTo("HOT");
        assertThat(status("data-intake")).isEqualTo(ServiceStatus.Started);
        assertThat(status("legal-intake")).isEqualTo(ServiceStatus.Started);
        assertThat(readiness()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void theHealthPollWritesHealthMdWithTheGuardState() throws Exception {
        Path report = HOME.resolve("ops/health/HEALTH.md");

        assertThat(Files2.await(() -> Files.exists(report), Duration.ofSeconds(10))).isTrue();
        assertThat(report).content().contains("# Keel health", "| System CPU |", "| Memory used |",
                "Disk used: inbox", "| Keel process RSS |", "## ResourceGuard", "## Trend (newest first)", "every 5 min");
    }
}
