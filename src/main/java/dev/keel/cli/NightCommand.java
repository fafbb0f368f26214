package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.LegalWiring;
import dev.keel.boot.NightWiring;
import dev.keel.boot.SecretsWiring;
import dev.keel.ledger.CostLedger;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.night.NightRun;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.StorageLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code keel night --now}: the night run by hand, against the same database and folders as a running Keel. */
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
            SecretsWiring.secretsAudit(settings, SecretsWiring.secretStore(settings));
            try (KeelDatabase database = KeelDatabase.open(settings)) {
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                CostLedger ledger = new CostLedger(database::dataSource, meters, clock, java.time.ZoneId.systemDefault());
                NightRun night = NightWiring.nightRun(settings, database, layout,
                        new DbIdempotentRepository(database::dataSource, "intake", clock),
                        LegalWiring.legalSync(settings, database, layout, clock), null, ledger, meters,
                        () -> NightWiring.tools(null, settings),
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
}
