package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.LegalWiring;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.legal.LegalQueries;
import dev.keel.storage.StorageLayout;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code keel legal check}: the legal ↔ data consistency check, against the same database Keel uses. */
@Command(name = "legal", description = "Legal ↔ data index tools.", subcommands = LegalCommand.Check.class)
public final class LegalCommand {

    @ParentCommand
    Keel parent;

    @Command(name = "check", description = "Dangling citations, orphan records, documents whose file changed;"
            + " writes ops/logs/LEGAL_SYNC.md. Exit 0 consistent, 1 not.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        LegalCommand legal;

        @Override
        public Integer call() {
            KeelSettings settings = Keel.toolSettings(legal.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            StorageLayout layout = StorageLayout.from(settings);
            try (KeelDatabase database = KeelDatabase.open(settings)) {
                LegalQueries.Consistency result = LegalWiring.legalSync(settings, database, layout, Clock.systemUTC()).check();
                System.out.printf("%s: %d documents, %d records, %d dangling citations, %d files not matching the index,"
                                + " %d unindexed files, %d orphan records (report: %s)%n",
                        result.consistent() ? "consistent" : "INCONSISTENT", result.documents(), result.records(),
                        result.dangling().size(), result.mismatches().size(), result.unindexedFiles().size(),
                        result.orphanRecords().size(), layout.opsFile("logs", "LEGAL_SYNC.md"));
                return result.consistent() ? 0 : 1;
            } catch (ConfigException e) {
                return Keel.configError(e.getMessage());
            }
        }
    }
}
