package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelConfiguration;
import dev.keel.boot.KeelRuntime;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.export.ExportSettings;
import dev.keel.export.FontLibrary;
import dev.keel.storage.StorageLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keel selftest}: checks this installation's settings, then boots a throwaway Keel in a
 * temporary home with the real routes and drives a good and a bad file through the intake.
 * Nothing in the real inbox is touched.
 */
@Command(name = "selftest", description = "Check settings, database, host sampling, routes and the intake, in a temporary home.")
public final class SelftestCommand implements Callable<Integer> {

    @ParentCommand
    Keel parent;

    @Option(names = "--gateway-calls", defaultValue = "20",
            description = "chat calls through the gateway (the build's training runs send more, to archive and profile its hot path)")
    int gatewayCalls;

    @Option(names = "--content-tasks", defaultValue = "20",
            description = "tasks through the content pipeline (the build's training runs send more, to profile its hot path)")
    int contentTasks;

    private final List<String> failures = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        KeelSettings real;
        try {
            real = Keel.settings(parent);
            KeelRuntime.preflight(real);
            say(true, "settings and folders of " + real.home());
            fonts(ExportSettings.from(real));
        } catch (ConfigException e) {
            return Keel.configError(e.getMessage());
        }
        Path home = Files.createTempDirectory("keel-selftest");
        Properties system = new Properties();
        system.setProperty("keel.routes", real.folder("keel.routes").toString());
        system.setProperty("keel.http.port", "0");
        system.setProperty("keel.management.port", "0");
        system.setProperty("keel.storage.min-age", "0s");
        system.setProperty("keel.storage.poll-interval", "200ms");
        // the pipeline is under test, not the host's load: a busy machine must not suspend the intake
        system.setProperty("keel.guard.mode", "observe");
        SelftestGateway gateway = SelftestGateway.prepare(home, system);
        KeelSettings settings = KeelRuntime.settings(home, Map.of(), system);
        System.setProperty("keel.log.level", "WARN");
        System.setProperty("keel.log.camel-level", "WARN");
        KeelRuntime.pointLogsAt(settings);
        Main main = KeelRuntime.main(settings);
        try {
            main.start();
            CamelContext camel = main.getCamelContext();
            say(camel.getRouteController().getRouteStatus("health-poll").isStarted(),
                    camel.getRoutes().size() + " routes from " + settings.folder("keel.routes") + " started");
            intake(camel, StorageLayout.from(settings));
            StorageLayout layout = StorageLayout.from(settings);
            export(layout);
            say(gateway.calls(Math.max(1, gatewayCalls)), "the agents' gateway answered " + Math.max(1, gatewayCalls)
                    + " authenticated chat calls through a provider in the OpenAI wire format");
            content(layout, Math.max(1, contentTasks));
            say(waitFor(() -> Files.exists(layout.opsFile("health", "HEALTH.md"))), "health poll wrote HEALTH.md");
            say(Files.exists(layout.opsFile("configs", "STORAGE.md")), "STORAGE.md written");
            say(Files.exists(layout.opsFile("logs", "LOGGING.md")), "LOGGING.md written");
            say(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(KeelConfiguration.GUARD_MBEAN)),
                    "ResourceGuard visible over JMX");
            HealthCheck.State readiness = HealthCheckHelper.invokeReadiness(camel).stream()
                    .map(HealthCheck.Result::getState).filter(s -> s != HealthCheck.State.UP).findFirst().orElse(HealthCheck.State.UP);
            say(readiness == HealthCheck.State.UP, "readiness checks " + readiness);
        } catch (Exception e) {
            say(false, "boot: " + e.getMessage());
        } finally {
            main.stop();
            gateway.close();
            deleteTree(home);
        }
        System.out.println(failures.isEmpty() ? "selftest: all checks passed" : "selftest: " + failures.size() + " failed");
        return failures.isEmpty() ? 0 : 1;
    }

    private void intake(CamelContext camel, StorageLayout layout) throws Exception {
        TemplatedRouteBuilder.builder(camel, "inbox-intake").routeId("selftest-intake")
                .parameter("workflow", "selftest").parameter("accept", ".*\\.txt")
                .parameter("target", "log:dev.keel.selftest?level=DEBUG").add();
        Path inbox = layout.inbox("selftest");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("good.txt"), "selftest");
        Files.writeString(inbox.resolve("bad.bin"), "selftest");
        Path errors = layout.errors("selftest");
        say(waitFor(() -> exists(layout.archive().resolve("selftest"), "good.txt")), "a good file ends in the archive");
        say(waitFor(() -> Files.exists(errors.resolve("bad.bin")) && Files.exists(errors.resolve("bad.bin.error.txt"))),
                "a refused file ends in .error with its reason");
    }

    /** One document through the export route: PDF, DOCX and the verified zip (this also trains the CDS archive on export). */
    private void export(StorageLayout layout) throws Exception {
        Path inbox = layout.inbox("export");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("selftest.md"), """
                ---
                title: Keel selftest
                author: keel
                ---
                # Checks

                Latin, кириллица, ελληνικά, 中文, 日本語, 한국어 ✓

                | check | state |
                |---|---|
                | export | ok |

                ```
                keel selftest
                ```
                """);
        Path bundle = layout.outbox().resolve("export");
        say(waitFor(() -> Files.exists(bundle.resolve("selftest.zip")) && Files.exists(bundle.resolve("selftest").resolve("selftest.pdf"))
                && Files.exists(bundle.resolve("selftest").resolve("selftest.docx")), Duration.ofSeconds(60)),
                "a Markdown file exports to PDF, DOCX and a zip");
    }

    /** A batch through the content pipeline, every task passing the QA gate (this also trains the AOT cache on content). */
    private void content(StorageLayout layout, int tasks) throws Exception {
        SelftestContent.drop(layout, tasks);
        boolean reported = waitFor(() -> SelftestContent.report(layout) != null, Duration.ofSeconds(60 + tasks / 50));
        long done = reported ? SelftestContent.done(SelftestContent.report(layout)) : 0;
        say(done == tasks, "a content batch of " + tasks + " tasks: " + done + " done, each output written with its header and checked by QA");
    }

    /** Which scripts a PDF would show as boxes on this machine: a note, since the export still works. */
    private static void fonts(ExportSettings export) {
        List<String> boxes = FontLibrary.locate(export.fontDirs()).boxes();
        if (boxes.isEmpty()) {
            System.out.println("  PASS  fonts for every script the export knows");
        }
        boxes.forEach(line -> System.out.println("  NOTE  fonts: " + line));
    }

    private static boolean exists(Path root, String name) {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.anyMatch(p -> p.getFileName().toString().equals(name));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        return waitFor(condition, Duration.ofSeconds(15));
    }

    private static boolean waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void say(boolean ok, String what) {
        System.out.println((ok ? "  PASS  " : "  FAIL  ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp folder left behind is harmless
        }
    }
}
