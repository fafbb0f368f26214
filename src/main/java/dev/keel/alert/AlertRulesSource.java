package dev.keel.alert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * alerts.yaml as the alerts route runs it: read at start (a bad file stops start-up, {@link AlertRulesFile#load}), then
 * read again when its modification time or size changes (checked at each evaluation, one stat call). A changed file with
 * problems ({@link AlertRulesFile#problems}, the same lines {@code keel check} prints) keeps the last good rules and is
 * logged once and shown in ALERTS.md until the file is fixed; a good one replaces the rules and tells {@code onChange}.
 */
public final class AlertRulesSource implements Supplier<AlertRulesFile> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRulesSource.class);

    /** What identifies a version of the file: absent, or its modification time and size. */
    private record Stamp(long modified, long size) {
        static final Stamp ABSENT = new Stamp(-1, -1);
    }

    private final Path file;
    private final Consumer<AlertRulesFile> onChange;
    private volatile AlertRulesFile current;
    private volatile String problem;
    private Stamp seen;

    public AlertRulesSource(Path file, Consumer<AlertRulesFile> onChange) {
        this.file = file;
        this.onChange = onChange;
        this.seen = stamp();
        this.current = AlertRulesFile.load(file);
    }

    @Override
    public AlertRulesFile get() {
        return current;
    }

    /** Why the file on disk is not the rules in use (empty: it is). */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Reads the file again if it changed since the last look; true when the rules in use changed. */
    public synchronized boolean refresh() {
        Stamp now = stamp();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        List<String> problems = AlertRulesFile.problems(file);
        if (!problems.isEmpty()) {
            String line = file + " was changed but not applied, the last good rules stay in use: " + String.join("; ", problems);
            if (!line.equals(problem)) {
                LOG.warn("{}", line);
            }
            problem = line;
            return false;
        }
        AlertRulesFile next = AlertRulesFile.load(file);
        boolean changed = !Objects.equals(next, current);
        current = next;
        if (problem != null) {
            LOG.info("{} reads again", file);
        }
        problem = null;
        if (changed) {
            LOG.info("Alert rules reloaded from {}: {} rules, {} sinks", file, next.rules().size(), next.sinks().size());
            onChange.accept(next);
        }
        return changed;
    }

    private Stamp stamp() {
        if (file == null) {
            return Stamp.ABSENT;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return Stamp.ABSENT;
        }
    }
}
