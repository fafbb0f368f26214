package dev.keel.legal;

import dev.keel.secrets.Publisher;
import dev.keel.storage.RejectedInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legal-sync workflow's bean: data files upsert records and mark citing documents stale; legal
 * documents are published to outbox/legal/&lt;id&gt;.md and indexed. STALE.md is rewritten after each.
 */
public final class LegalSync {

    private static final Logger LOG = LoggerFactory.getLogger(LegalSync.class);

    private final LegalIndex index;
    private final LegalQueries queries;
    private final Path published;
    private final Path checkReport;
    private final long maxFileBytes;
    private final String regenerateTo;
    private final Clock clock;

    public LegalSync(LegalIndex index, LegalQueries queries, Path published, Path checkReport, long maxFileBytes,
                     String regenerateTo, Clock clock) {
        this.index = index;
        this.queries = queries;
        this.published = published;
        this.checkReport = checkReport;
        this.maxFileBytes = maxFileBytes;
        this.regenerateTo = regenerateTo;
        this.clock = clock;
    }

    public LegalIndex.DataSync applyDataFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String text = LegalDocumentParser.utf8(name, read(exchange, name));
        LegalIndex.DataSync sync = index.applyRecords(DataFileParser.parse(name, text), name);
        sync.records().stream().filter(r -> r.note() != null)
                .forEach(r -> LOG.info("data {}: record {} ignored: {}", name, r.id(), r.note()));
        LOG.info("data {}: {} created, {} updated, {} unchanged, {} ignored; {} documents newly stale", name,
                sync.count(LegalIndex.Change.CREATED), sync.count(LegalIndex.Change.UPDATED),
                sync.count(LegalIndex.Change.UNCHANGED), sync.count(LegalIndex.Change.IGNORED), sync.newlyStale().size());
        afterCommit(name, () -> writeStale());
        if (!regenerateTo.isBlank() && !sync.newlyStale().isEmpty()) {
            afterCommit(name, () -> requestRegeneration(exchange, sync));
        }
        return sync;
    }

    public LegalIndex.DocumentSync indexLegalFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = read(exchange, name);
        LegalDocument doc = LegalDocumentParser.parse(name, bytes);
        Path target = published.resolve(doc.id() + ".md");
        LegalIndex.DocumentSync sync = index.indexDocument(doc, target.toString(), () -> Publisher.publish(target, bytes));
        if (!sync.danglingCites().isEmpty()) {
            LOG.warn("legal {}: {} cites records the index does not have (flagged): {}", name, doc.id(),
                    String.join(", ", sync.danglingCites()));
        }
        LOG.info("legal {}: document {} v{} {}{}", name, doc.id(), doc.version(), sync.change().name().toLowerCase(),
                sync.note() == null ? "" : " (" + sync.note() + ")");
        afterCommit(name, this::writeStale);
        return sync;
    }

    /**
     * Work after the index committed: the file's outcome is settled, so a failure here is logged, not
     * turned into a failed file (STALE.md is rebuilt from the index by the next file or the night run).
     */
    private static void afterCommit(String name, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("{} is applied, but a follow-up failed (STALE.md or a regeneration request): {}", name, e.getMessage());
        }
    }

    /** The consistency check: writes ops/logs/LEGAL_SYNC.md and returns the findings. */
    public LegalQueries.Consistency check() {
        writeStale();
        LegalQueries.Consistency result = queries.check(published);
        LegalReports.writeCheck(checkReport, result, queries.stale().size(), clock.instant());
        return result;
    }

    /** Synchronized: the data and legal intakes run on their own threads and must not publish an older list last. */
    private synchronized void writeStale() {
        LegalReports.writeStale(published.resolve(LegalReports.STALE), queries.stale(), clock.instant());
    }

    private byte[] read(Exchange exchange, String name) {
        Long size = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (size != null && size > maxFileBytes) {
            throw new RejectedInputException(name + " is " + size / (1024 * 1024) + " MiB, over the limit of "
                    + maxFileBytes / (1024 * 1024) + " MiB (keel.legal.max-file-mb); split it into smaller files");
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw new RejectedInputException(name + " is empty");
        }
        return bytes;
    }

    private void requestRegeneration(Exchange exchange, LegalIndex.DataSync sync) {
        var template = exchange.getContext().createProducerTemplate();
        try {
            for (String document : sync.newlyStale()) {
                List<LegalQueries.StaleEntry> reasons = queries.stale().stream().filter(s -> s.documentId().equals(document)).toList();
                String body = LegalIndex.json(Map.of("document", document, "reason", "cited data changed",
                        "records", reasons.stream().map(r -> Map.of("id", r.recordId(), "changed_fields", r.changedFields())).toList()));
                template.sendBodyAndHeader(regenerateTo, body, "KeelLegalDocument", document);
            }
        } finally {
            try {
                template.stop();
            } catch (Exception e) {
                LOG.debug("producer template stop: {}", e.toString());
            }
        }
    }
}
