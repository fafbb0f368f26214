package dev.keel.boot;

import dev.keel.db.KeelDatabase;
import dev.keel.secrets.Publisher;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.InboxLocks;
import dev.keel.storage.InProgressRecovery;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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

    /** Binds keelDatabase, keelIdempotentRepository, keelInboxLocks, intakeGate and errorSidecar. */
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
        InboxLocks locks = new InboxLocks(database::dataSource, areas.db().node(), areas.db().lease(), clock);
        camel.getRegistry().bind("keelInboxLocks", locks);
        if (areas.db().shared()) {
            // other nodes may be working on files in .inprogress: only those whose lock no live node holds go back
            camel.addStartupListener((context, alreadyStarted) -> recoverUnlocked(layout, locks));
            LeaseTimer.every(camel, InboxLocks.class, "keel-inbox-leases", areas.db().lease(), () -> {
                locks.renew();
                return recoverUnlocked(layout, locks);
            }, "inbox files");
        } else {
            InProgressRecovery.recover(layout.inbox()).forEach(p -> LOG.warn("Recovered {} left in progress by an earlier run", p));
            camel.addStartupListener((context, alreadyStarted) -> locks.releaseAll()); // a stopped run's, before the inboxes poll
        }
        return new Storage(database, intakeKeys);
    }

    private static int recoverUnlocked(StorageLayout layout, InboxLocks locks) {
        List<Path> moved = InProgressRecovery.recover(layout.inbox(), original -> !locks.contains(original.toAbsolutePath().toString()));
        moved.forEach(p -> LOG.warn("Recovered {} left in progress by a node that stopped", p));
        return moved.size();
    }
}
