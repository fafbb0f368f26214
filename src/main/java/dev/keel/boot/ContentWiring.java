package dev.keel.boot;

import dev.keel.content.BatchFile;
import dev.keel.content.ContentIntake;
import dev.keel.content.ContentOutput;
import dev.keel.content.ContentProgress;
import dev.keel.content.ContentQueue;
import dev.keel.content.ContentSettings;
import dev.keel.content.ContentTemplates;
import dev.keel.content.ContentWorker;
import dev.keel.content.PromptStore;
import dev.keel.content.safety.SafetyConfig;
import dev.keel.db.KeelDatabase;
import dev.keel.router.ModelGateway;
import dev.keel.storage.StorageLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.camel.CamelContext;

/** The content pipeline: the task queue and its workers, the batch intake over the prompt bank and templates. */
final class ContentWiring {

    private ContentWiring() {
    }

    /** Binds contentWorker and contentIntake. */
    static ContentWorker bind(CamelContext camel, AreaSettings areas, KeelDatabase database, ModelGateway gateway, MeterRegistry meters,
            Clock clock) {
        ContentSettings content = areas.content();
        StorageLayout layout = areas.storage();
        ContentQueue queue = new ContentQueue(database::dataSource, clock, areas.db().node(), areas.db().lease(), !areas.db().shared(),
                camel.getExecutorServiceManager().newSingleThreadExecutor(ContentQueue.class, "keel-content-ends"));
        LeaseTimer.every(camel, ContentQueue.class, "keel-content-leases", areas.db().lease(), queue::keepLeases, "content tasks");
        ContentProgress progress = new ContentProgress(meters, () -> {
            try {
                return queue.ready();
            } catch (RuntimeException e) {
                return -1; // the database is not open yet
            }
        }, clock);
        // the safety policy is read again for each batch, so an edit applies without a restart
        ContentWorker worker = new ContentWorker(queue, new ContentOutput(layout.outbox().resolve("content"), content.fsyncOutputs()),
                progress, gateway, () -> SafetyConfig.load(content.safetyFile()), clock, ZoneId.systemDefault(),
                content.window(), content.maxAttempts(), content.retryDelay(), content.maxOutputTokens());
        camel.getRegistry().bind("contentWorker", worker);
        // the content-task route's per-task steps, without a bean step's reflective binding per exchange
        Steps.bind(camel, "contentWorker", Map.of("dispatch", Steps.answering(e -> worker.dispatch()), "prepare", worker::prepare,
                "review", worker::review, "finish", worker::finish, "failed", worker::failed));
        PromptStore prompts = new PromptStore(content.prompts(), database::dataSource, clock);
        ContentTemplates templates = new ContentTemplates(content.templates(), content.template());
        camel.getRegistry().bind("contentIntake", new ContentIntake(new BatchFile(prompts, templates, content.maxFileBytes()), worker,
                content.queueMax(), Duration.ofMillis(500)));
        return worker;
    }
}
