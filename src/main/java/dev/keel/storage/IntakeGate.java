package dev.keel.storage;

import dev.keel.secrets.OutputScanner;
import dev.keel.secrets.Publisher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first and last say of every intake route: it decides where the file will end (a free name
 * under {@code archive/<workflow>/yyyy/MM/dd/} on success, under {@code inbox/<workflow>/.error/}
 * on failure; a taken name gets {@code ~2}, {@code ~3}, …), refuses files the inbox does not take (by name, and
 * links, empty files and anything else {@link InboxFiles} refuses), and refuses content already processed.
 */
public final class IntakeGate implements GenericFileFilter<File> {

    public static final String WORKFLOW = "KeelWorkflow";
    public static final String ACCEPT = "KeelAccept";
    public static final String KEY = "KeelIntakeKey";
    public static final String ARCHIVE_PATH = "KeelArchivePath";
    public static final String ERROR_PATH = "KeelErrorPath";
    /** Set when the input holds something secret-shaped: the scanner's findings, rule and line (never the value). */
    public static final String SECRETS = "KeelInputSecrets";

    private static final Logger LOG = LoggerFactory.getLogger(IntakeGate.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final StorageLayout layout;
    private final Clock clock;
    private final ErrorSidecar sidecar;

    public IntakeGate(StorageLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
        this.sidecar = new ErrorSidecar(clock);
    }

    /**
     * The consumer's filter, before the read lock and preMove: names Camel cannot handle are refused
     * here, by Keel itself. On Unix Camel's FileUtil.normalizePath turns a backslash into '/', so
     * {@code a\b.json} would be looked for as {@code a/b.json}: never processed, never refused.
     */
    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory() || file.getFile().getName().indexOf('\\') < 0) {
            return true;
        }
        Path path = file.getFile().toPath();
        String workflow = path.getParent().getFileName().toString();
        refuseInPlace(path, workflow, new RejectedInputException("'" + path.getFileName() + "' has a backslash in its name, which"
                + " Camel's file component reads as a folder separator; rename it without '\\' and drop it again"));
        return false;
    }

    /** Writes the reason, then moves the file to .error, as moveFailed would. */
    private void refuseInPlace(Path file, String workflow, RejectedInputException reason) {
        Path errors = layout.errors(workflow);
        String name = file.getFileName().toString();
        String failed = AtomicFiles.freeName(name, n -> Files.exists(errors.resolve(n))
                || Files.exists(errors.resolve(ErrorSidecar.sidecarName(n))));
        try {
            Files.createDirectories(errors);
            sidecar.write(name, workflow, errors.resolve(failed), reason);
            Files.move(file, errors.resolve(failed));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + errors + ": " + e.getMessage(), e);
        }
    }

    /** Sets the outcome paths first (so even a refusal has somewhere to go), then checks the file. */
    public void begin(Exchange exchange) {
        String workflow = exchange.getMessage().getHeader(WORKFLOW, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path day = layout.archive().resolve(workflow).resolve(LocalDate.now(clock).format(DAY));
        Path errors = layout.errors(workflow);
        String archived = AtomicFiles.freeName(name, n -> Files.exists(day.resolve(n)));
        String failed = AtomicFiles.freeName(name, n -> Files.exists(errors.resolve(n))
                || Files.exists(errors.resolve(ErrorSidecar.sidecarName(n))));
        exchange.getMessage().setHeader(ARCHIVE_PATH, day.resolve(archived).toString());
        exchange.getMessage().setHeader(ERROR_PATH, errors.resolve(failed).toString());

        String accept = exchange.getMessage().getHeader(ACCEPT, String.class);
        if (accept != null && !Pattern.compile(accept, Pattern.CASE_INSENSITIVE).matcher(name).matches()) {
            throw new RejectedInputException("'" + name + "' is not a file the " + workflow
                    + " inbox takes (accepted names match " + accept + ")");
        }
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        // after preMove the file is in .inprogress; a link is moved as the link itself, so this still sees it
        InboxFiles.checkIntake(layout.inbox(workflow), file, name);
        exchange.getMessage().setHeader(KEY, IntakeKeys.of(workflow, file));
        keepSecretsOutOfTheArchive(exchange, workflow, name, file);
    }

    /**
     * The archive is scanned like a published file: an input holding a secret ends in the owner-only
     * quarantine folder instead; the findings (rule and line) are left in {@link #SECRETS} for the
     * workflow, which may refuse the file (content does, see safety.yaml secrets-in-prompts).
     */
    private void keepSecretsOutOfTheArchive(Exchange exchange, String workflow, String name, Path file) {
        List<OutputScanner.Finding> found;
        try {
            found = OutputScanner.scan(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            return;
        }
        String where = found.stream().map(OutputScanner.Finding::toString).distinct().collect(Collectors.joining(", "));
        exchange.getMessage().setHeader(SECRETS, where);
        Path quarantine = Publisher.quarantineFor(workflow + "-" + name);
        if (quarantine != null) {
            exchange.getMessage().setHeader(ARCHIVE_PATH, quarantine.toString());
        }
        LOG.warn("{} inbox: {} holds a secret ({}); once processed it goes to {}, not the archive", workflow,
                ErrorSidecar.printable(name), where, quarantine == null ? "the archive (no quarantine folder)" : quarantine);
    }

    /** Called after the idempotent consumer: identical content processed before is refused, not redone. */
    public void refuseDuplicate(Exchange exchange) {
        if (exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)) {
            String workflow = exchange.getMessage().getHeader(WORKFLOW, String.class);
            throw new RejectedInputException("identical content was already processed by the " + workflow
                    + " inbox (key " + exchange.getMessage().getHeader(KEY) + "); change the file to process it again");
        }
    }
}
