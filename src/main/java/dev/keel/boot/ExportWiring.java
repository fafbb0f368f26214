package dev.keel.boot;

import dev.keel.export.ExportIntake;
import dev.keel.export.Exporter;
import dev.keel.storage.StorageLayout;
import java.time.Clock;
import org.apache.camel.CamelContext;

/** The export workflow's bean: bundles in outbox/export, EXPORT_PIPELINE.md in ops/configs. */
final class ExportWiring {

    private ExportWiring() {
    }

    /** Binds exportIntake; renderers and fonts are made on the first export, not here, so start-up stays fast. */
    static Exporter bind(CamelContext camel, AreaSettings areas, Clock clock) {
        StorageLayout layout = areas.storage();
        Exporter exporter = new Exporter(areas.export(), layout.outbox().resolve("export"), layout.opsFile("configs", "EXPORT_PIPELINE.md"),
                clock);
        camel.getRegistry().bind("exportIntake", new ExportIntake(exporter, layout));
        return exporter;
    }
}
