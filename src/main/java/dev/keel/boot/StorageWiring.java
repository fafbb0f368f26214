package dev.keel.boot;

import dev.keel.db.KeelDatabase;
import dev.keel.secrets.Publisher;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.InProgressRecovery;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Storage: the work folders, the database, and the beans every inbox route uses. */
final class StorageWiring {

    private static final Logger LOG = LoggerFactory.getLogger(StorageWiring.class);

    /** What the other areas build on. */
    record Storage(KeelDatabase database, DbIdempotentRepository intakeKeys) {
    }

    private StorageWiring() {
    }

    /** Binds keelDatabase, keelIdempotentRepository, intakeGate and errorSidecar. */
    static Storage bind(CamelContext camel, KeelSettings settings, AreaSettings areas, Clock clock) throws Exception {
        StorageLayout layout = areas.storage();
        for (Path folder : layout.workFolders().values()) {
            Files.createDirectories(folder);
        }
        dev.keel.storage.OwnerOnly.folder(layout.archive()); // #16: processed inputs are private, whatever the umask
        Publisher.quarantineIn(layout.home().resolve("quarantine"));
        KeelDatabase database = KeelDatabase.openInBackground(settings, Closing.once(camel, KeelDatabase.class, "keel-db-open"));
        Closing.onStop(camel, database);
        camel.getRegistry().bind("keelDatabase", database);
        DbIdempotentRepository intakeKeys = new DbIdempotentRepository(database::dataSource, "intake", clock);
        camel.getRegistry().bind("keelIdempotentRepository", intakeKeys);
        camel.getRegistry().bind("intakeGate", new IntakeGate(layout, clock));
        camel.getRegistry().bind("errorSidecar", new ErrorSidecar(clock));
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                database.dataSource(); // "ready" means migrated: a database that cannot open fails start-up here
            }
        });
        InProgressRecovery.recover(layout.inbox()).forEach(p -> LOG.warn("Recovered {} left in progress by an earlier run", p));
        return new Storage(database, intakeKeys);
    }
}
