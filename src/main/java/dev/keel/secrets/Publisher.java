package dev.keel.secrets;

import dev.keel.storage.AtomicFiles;
import dev.keel.storage.OwnerOnly;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every file Keel publishes (outbox, ops reports, error files) goes through here: scanned first, and
 * a file with a secret in it is not written where it was going but into the quarantine folder
 * (owner-only), with a reason file naming the rules and lines. The caller gets a SecretLeakException.
 */
public final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private static volatile Path quarantine;

    private Publisher() {
    }

    /** Where quarantined output goes (Keel's wiring sets {@code <home>/quarantine}). */
    public static void quarantineIn(Path folder) {
        quarantine = folder;
    }

    /** Where an input holding a secret is kept instead of the archive: a new name in the owner-only quarantine folder (null without one). */
    public static Path quarantineFor(String name) {
        Path folder = quarantine;
        if (folder == null) {
            return null;
        }
        return OwnerOnly.folder(folder).resolve(STAMP.format(Instant.now()) + "-" + name);
    }

    public static Path publish(Path target, String text) {
        return publish(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path publish(Path target, byte[] bytes) {
        return publish(target, bytes, new String(bytes, StandardCharsets.UTF_8));
    }

    /** A binary output (a PDF, a DOCX) is scanned by the text it shows, which its compressed bytes hide. */
    public static Path publish(Path target, byte[] bytes, String shownText) {
        List<OutputScanner.Finding> findings = OutputScanner.scan(shownText);
        if (findings.isEmpty()) {
            return AtomicFiles.write(target, bytes);
        }
        String where = findings.stream().map(OutputScanner.Finding::toString).distinct().collect(Collectors.joining(", "));
        Path folder = quarantine;
        String kept = "not kept (no quarantine folder configured)";
        if (folder != null) {
            // owner-only before anything is written in it, whatever the umask
            OwnerOnly.folder(folder);
            Path file = folder.resolve(STAMP.format(Instant.now()) + "-" + target.getFileName());
            AtomicFiles.write(file, bytes);
            OwnerOnly.file(file);
            AtomicFiles.write(file.resolveSibling(file.getFileName() + ".reason.txt"),
                    "meant for: " + target + "\nfound: " + where + "\n");
            kept = "quarantined as " + file.getFileName();
        }
        LOG.error("Refused to publish {}: it contains a secret ({}); {}", target, where, kept);
        throw new SecretLeakException("output " + target.getFileName() + " contains a secret (" + where + "); " + kept);
    }
}
