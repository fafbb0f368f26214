package dev.keel.boot;

import dev.keel.db.KeelDatabase;
import dev.keel.legal.LegalIndex;
import dev.keel.legal.LegalQueries;
import dev.keel.legal.LegalSettings;
import dev.keel.legal.LegalSync;
import dev.keel.storage.StorageLayout;
import java.time.Clock;
import org.apache.camel.CamelContext;

/** The legal ↔ data index sync. */
public final class LegalWiring {

    private LegalWiring() {
    }

    /** The legal sync of the runtime and of {@code keel legal check}, so the tool and a running Keel never disagree. */
    public static LegalSync legalSync(KeelSettings settings, KeelDatabase database, StorageLayout layout, Clock clock) {
        LegalSettings legal = LegalSettings.from(settings);
        return new LegalSync(new LegalIndex(database::dataSource, clock), new LegalQueries(database::dataSource),
                layout.outbox().resolve("legal"), layout.opsFile("logs", "LEGAL_SYNC.md"), legal.maxFileBytes(), legal.regenerateTo(), clock);
    }

    /** Binds legalSync. */
    static LegalSync bind(CamelContext camel, KeelSettings settings, AreaSettings areas, KeelDatabase database, Clock clock) {
        LegalSync legal = legalSync(settings, database, areas.storage(), clock);
        camel.getRegistry().bind("legalSync", legal);
        return legal;
    }
}
