package dev.keel.export;

import dev.keel.storage.RejectedInputException;
import dev.keel.storage.StorageLayout;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export workflow's bean: one file from inbox/export becomes one bundle in outbox/export. A
 * document that failed fails the input (it goes to .error with every failed document named), but
 * the documents that rendered are exported all the same.
 */
public final class ExportIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ExportIntake.class);
    public static final String WORKFLOW = "export";

    private final Exporter exporter;
    private final Path root;

    public ExportIntake(Exporter exporter, StorageLayout layout) {
        this.exporter = exporter;
        this.root = layout.inbox(WORKFLOW);
    }

    public ExportBundle.Result exportFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Long size = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class);
        long max = exporter.settings().maxFileBytes();
        if (size != null && size > max) {
            throw new RejectedInputException(name + " is " + size / (1024 * 1024) + " MiB, over the limit of " + max / (1024 * 1024)
                    + " MiB (keel.export.max-file-mb)");
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        ExportBundle bundle = ExportRequests.of(name, bytes == null ? new byte[0] : bytes, root, exporter.settings().formats());
        ExportBundle.Result result = exporter.export(bundle);
        result.warnings().forEach(w -> LOG.warn("export {}: {}", result.output(), w));
        if (result.documents() == 0) {
            throw new RejectedInputException(name + ": no document was exported: " + String.join("; ", result.failures()));
        }
        LOG.info("export {}: {} documents, {} pages, {} files in {}, zip {}", name, result.documents(), result.pages(),
                result.files().size(), result.folder(), result.zip().getFileName());
        if (!result.failures().isEmpty()) {
            throw new RejectedInputException(name + ": " + result.failures().size() + " of " + bundle.parts().size()
                    + " documents failed (" + String.join("; ", result.failures()) + "); the others were exported to "
                    + result.folder());
        }
        return result;
    }
}
