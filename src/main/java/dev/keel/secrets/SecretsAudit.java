package dev.keel.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * SECRETS.md and {@code keel secrets check}: which secrets exist, where from, their fingerprints,
 * ages and rotation dates; and the findings that fail the check (files others can read, secrets
 * written into config files, overdue rotations). Never a value.
 */
public final class SecretsAudit {

    private final SecretStore store;
    private final Duration rotateAfter;
    /** Secrets that could not be loaded, by name: the reason with its fix. */
    private final Map<String, String> problems = new java.util.concurrent.ConcurrentSkipListMap<>();

    public SecretsAudit(SecretStore store, Duration rotateAfter) {
        this.store = store;
        this.rotateAfter = rotateAfter;
    }

    /**
     * Loads every secret in the secrets folders (and the named ones), so the report and the scanner
     * know them; a secret that cannot be used is kept as a problem, not thrown.
     */
    public Map<String, List<Secret>> loadAll(List<String> names) {
        for (String name : Stream.concat(store.fileNames().stream(), names.stream()).distinct().toList()) {
            try {
                store.get(name);
            } catch (SecretException e) {
                problems.put(name, e.getMessage());
            }
        }
        return store.known();
    }

    /** Secrets that could not be loaded, each with its fix. */
    public List<String> problems() {
        return List.copyOf(problems.values());
    }

    /** A problem fixed since (chmod 600) is dropped: the report says what is wrong now. */
    private void recheckProblems() {
        for (String name : List.copyOf(problems.keySet())) {
            try {
                store.get(name);
                problems.remove(name);
            } catch (SecretException e) {
                problems.put(name, e.getMessage());
            }
        }
    }

    public List<String> findings(List<Path> configFiles, Instant now) {
        List<String> findings = new ArrayList<>(problems.values().stream().filter(p -> !p.contains("readable by group or others")).toList());
        store.exposedFiles().forEach(f -> findings.add(f + " is readable by group or others: chmod 600 it"));
        for (Path file : configFiles) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                for (OutputScanner.Finding f : OutputScanner.scan(Files.readString(file))) {
                    findings.add(file + ":" + f.line() + " holds a secret (" + f.rule() + "): refer to it by name instead");
                }
            } catch (IOException e) {
                findings.add(file + " cannot be read: " + e.getMessage());
            }
        }
        overdue(now).forEach((name, due) -> findings.add(name + " is overdue for rotation: set " + due.minus(rotateAfter)
                .truncatedTo(ChronoUnit.DAYS) + ", due after " + rotateAfter.toDays() + " days"));
        return findings;
    }

    /** Secret files older than keel.secrets.rotate-after, with the date each was due (the alert rules read this too). */
    public java.util.Map<String, Instant> overdue(Instant now) {
        java.util.Map<String, Instant> overdue = new java.util.TreeMap<>();
        store.known().forEach((name, values) -> {
            Secret current = values.get(0);
            if (current.source().startsWith("file") && current.since().plus(rotateAfter).isBefore(now)) {
                overdue.put(name, current.since().plus(rotateAfter));
            }
        });
        return overdue;
    }

    /** Config files a user writes: keel.properties and the route files. */
    public static List<Path> configFiles(Path home, Path routes) {
        List<Path> files = new ArrayList<>(List.of(home.resolve("keel.properties")));
        if (Files.isDirectory(routes)) {
            try (Stream<Path> list = Files.list(routes)) {
                list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + routes + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    public void writeReport(Path target, Instant now, String databasePasswordEnv, boolean databasePasswordSet) {
        recheckProblems();
        StringBuilder md = new StringBuilder("# Secrets\n\nWritten ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(". Values never appear here: a fingerprint is the first 12 hex digits of the value's SHA-256.")
                .append(" Sources, in order: Keel's secrets folder, Docker secrets, environment variables.\n\n")
                .append("| name | source | fingerprint | age | rotation due | previous (still accepted for the overlap) |\n")
                .append("|---|---|---|---|---|---|\n");
        Map<String, List<Secret>> known = store.known();
        if (known.isEmpty()) {
            md.append("| (none) | | | | | |\n");
        }
        known.forEach((name, values) -> {
            Secret s = values.get(0);
            long days = Duration.between(s.since(), now).toDays();
            Instant due = s.since().plus(rotateAfter);
            md.append("| ").append(name).append(" | ").append(s.source()).append(" | sha256:").append(s.fingerprint())
                    .append(" | ").append(days).append(" d | ").append(due.atOffset(java.time.ZoneOffset.UTC).toLocalDate())
                    .append(due.isBefore(now) ? " **overdue**" : "").append(" | ")
                    .append(values.size() > 1 ? "sha256:" + values.get(1).fingerprint() : "").append(" |\n");
        });
        if (!problems.isEmpty()) {
            // a secret the store refuses is not in the table above; without this list it would be missing without a word
            md.append("\n## Secrets that cannot be used\n\n");
            problems.forEach((name, why) -> md.append("- ").append(name).append(": ").append(why).append('\n'));
        }
        md.append("\nDatabase password: environment variable `").append(databasePasswordEnv).append("` (")
                .append(databasePasswordSet ? "set" : "not set, so the secret keel-db-password is used").append(").\n");
        Publisher.publish(target, md.toString());
    }
}
