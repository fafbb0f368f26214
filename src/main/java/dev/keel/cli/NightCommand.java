package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelBeans;
import dev.keel.storage.Backups;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.night.NightRun;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.StorageLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keel night --now}, {@code keel backup verify <file>}, {@code keel restore <file> [--to DIR]}. */
public final class NightCommand {

    private NightCommand() {
    }

    @Command(name = "night", description = "Run the night run now, against the same database and folders as Keel.")
    public static final class Now implements Callable<Integer> {

        @ParentCommand
        Keel parent;

        @Option(names = "--now", required = true, description = "run it now")
        boolean now;

        @Override
        public Integer call() throws Exception {
            KeelSettings settings = Keel.toolSettings(parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            StorageLayout layout = StorageLayout.from(settings);
            Clock clock = Clock.systemUTC();
            dev.keel.secrets.Publisher.quarantineIn(layout.home().resolve("quarantine"));
            KeelBeans.secretsAudit(settings, new dev.keel.secrets.SecretStore(settings.folder("keel.secrets.dir"),
                    Path.of(settings.text("keel.secrets.docker-dir")), System.getenv(), clock));
            try (KeelDatabase database = KeelDatabase.open(settings)) {
                NightRun night = KeelBeans.nightRun(settings, database, layout,
                        new DbIdempotentRepository(database::dataSource, "intake", clock),
                        KeelBeans.legalSync(settings, database, layout, clock), null, new SimpleMeterRegistry(),
                        () -> KeelBeans.tools(null, settings),
                        // a running Keel's dispatcher takes the released tasks from the database
                        () -> new dev.keel.content.ContentQueue(database::dataSource, clock).releaseNight().values().stream()
                                .mapToInt(Long::intValue).sum(), clock);
                List<NightRun.StepRecord> records = night.run("by hand");
                if (records.isEmpty()) {
                    System.out.println("night run not started: another run is going (see ops/logs/keel.log)");
                    return 1;
                }
                records.forEach(r -> System.out.printf("  %-8s %-18s %s%n", r.outcome(), r.name(), r.detail()));
                System.out.println("night run: report in " + layout.opsFile("logs", "NIGHT_RUN.md"));
                return records.stream().anyMatch(r -> r.outcome().name().equals("FAILED")) ? 1 : 0;
            } catch (ConfigException e) {
                return Keel.configError(e.getMessage());
            }
        }
    }

    @Command(name = "backup", description = "Backup tools.", subcommands = Verify.class)
    public static final class Backup {
    }

    @Command(name = "verify", description = "Read every entry of a backup with a streaming reader and check the manifest."
            + " Exit 0 when it verifies, 1 when not.")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            Backups.Verification result = Backups.verify(file);
            result.problems().forEach(p -> System.out.println("  FAIL  " + p));
            System.out.println(result.ok() ? file.getFileName() + ": " + result.entries() + " entries verified"
                    : file.getFileName() + ": does not verify (" + result.problems().size() + " problems)");
            return result.ok() ? 0 : 1;
        }
    }

    @Command(name = "restore", description = "Verify a backup, then extract it (default: <home>/restored/<backup name>).")
    public static final class Restore implements Callable<Integer> {

        @ParentCommand
        Keel parent;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--to", paramLabel = "DIR", description = "where to extract it")
        Path to;

        @Override
        public Integer call() {
            Path target = to;
            if (target == null) {
                KeelSettings settings;
                try {
                    settings = Keel.settings(parent);
                } catch (ConfigException e) {
                    return Keel.configError(e.getMessage());
                }
                String name = file.getFileName().toString().replaceFirst("\\.zip$", "");
                target = settings.home().resolve("restored").resolve(name);
            }
            try {
                List<Path> written = Backups.restore(file, target);
                System.out.println("restored " + written.size() + " files into " + target);
                return 0;
            } catch (IllegalStateException e) {
                System.out.println("restore refused: " + e.getMessage());
                return 1;
            }
        }
    }
}
