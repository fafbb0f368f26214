package dev.keel.storage;

import dev.keel.secrets.OutputScanner;
import dev.keel.secrets.Publisher;
import dev.keel.secrets.SecretLeakException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Backup zips: folders and extra files (a database dump) with a {@code MANIFEST.sha256} inside,
 * verified by streaming every entry (ZipInputStream checks each CRC; a random-access ZipFile read
 * does not) against the manifest, and restored only after they verify.
 */
public final class Backups {

    public static final String MANIFEST = "MANIFEST.sha256";
    static final ZipLimits LIMITS = ZipLimits.BACKUPS;
    static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'keel-'yyyyMMdd-HHmmss'.zip'").withZone(ZoneOffset.UTC);

    /** The outcome of a verify: fine, or the entries that are wrong and why. */
    public record Verification(int entries, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private Backups() {
    }

    public static String name(Instant at) {
        return NAME.format(at);
    }

    public static Instant timeOf(Path backup) {
        return Instant.from(NAME.parse(backup.getFileName().toString()));
    }

    /**
     * Writes {@code target}: each folder under its own name, each extra file under its given name,
     * then the manifest. Written to a temp name and renamed, so a half backup never looks whole.
     */
    public static Path create(Path target, Map<String, Path> folders, Map<String, byte[]> extras) {
        Map<String, String> manifest = new LinkedHashMap<>();
        List<String> leaks = new ArrayList<>();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            // a backup holds the database: owner-only from its first byte, whatever the umask
            OwnerOnly.folder(target.getParent());
            Files.deleteIfExists(temp);
            OwnerOnly.newFile(temp);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
                for (Map.Entry<String, Path> folder : folders.entrySet()) {
                    if (!Files.isDirectory(folder.getValue())) {
                        continue;
                    }
                    try (Stream<Path> walk = Files.walk(folder.getValue())) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            String entry = folder.getKey() + "/" + folder.getValue().relativize(file).toString().replace('\\', '/');
                            try (InputStream in = Files.newInputStream(file)) {
                                manifest.put(entry, add(zip, entry, in));
                            }
                            OutputScanner.scan(file).forEach(f -> leaks.add(entry + ": " + f));
                        }
                    }
                }
                for (Map.Entry<String, byte[]> extra : extras.entrySet()) {
                    manifest.put(extra.getKey(), add(zip, extra.getKey(), new java.io.ByteArrayInputStream(extra.getValue())));
                    OutputScanner.scan(extra.getValue()).forEach(f -> leaks.add(extra.getKey() + ": " + f));
                }
                StringBuilder lines = new StringBuilder();
                manifest.forEach((entry, sha) -> lines.append(sha).append("  ").append(entry).append('\n'));
                add(zip, MANIFEST, new java.io.ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
            }
            if (!leaks.isEmpty()) {
                throw quarantined(temp, target, leaks);
            }
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temp file is hidden; the backup failed either way
            }
            throw new UncheckedIOException("backup " + target.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A backup is published like any output: one holding a secret (a key in a table row, a prompt, a
     * report) is not kept beside the others but moved to the owner-only quarantine folder, with the reason.
     */
    private static SecretLeakException quarantined(Path temp, Path target, List<String> leaks) throws IOException {
        String where = String.join("; ", leaks.subList(0, Math.min(leaks.size(), 20)));
        Path kept = Publisher.quarantineFor(target.getFileName().toString());
        if (kept == null) {
            Files.delete(temp);
        } else {
            Files.move(temp, kept);
            Files.writeString(kept.resolveSibling(kept.getFileName() + ".reason.txt"), "meant for: " + target + "\nfound: " + where + "\n");
        }
        return new SecretLeakException("backup " + target.getFileName() + " holds a secret (" + where + "); "
                + (kept == null ? "not kept" : "quarantined as " + kept));
    }

    private static String add(ZipOutputStream zip, String entry, InputStream in) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        String sha = copy(in, zip);
        zip.closeEntry();
        return sha;
    }

    private static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = d.read(buffer)) > 0; ) {
                if (out != null) {
                    out.write(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads every entry with a streaming reader and checks it against the manifest. */
    public static Verification verify(Path backup) {
        Map<String, String> actual = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String manifest = null;
        String current = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            ZipLimits.Expansion expansion = new ZipLimits.Expansion(LIMITS, Files.size(backup));
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                current = entry.getName();
                if (actual.containsKey(current) || (current.equals(MANIFEST) && manifest != null)) {
                    // a restore would write each copy over the last: which one wins is not what was verified
                    problems.add(current + ": appears more than once in the zip");
                    continue;
                }
                InputStream in = expansion.entry(zip, current);
                if (current.equals(MANIFEST)) {
                    manifest = new String(LIMITS.manifest(in, current), StandardCharsets.UTF_8);
                } else {
                    actual.put(current, copy(in, null));
                }
            }
        } catch (ZipLimits.Exceeded e) {
            problems.add(e.getMessage());
            return new Verification(actual.size(), problems);
        } catch (ZipException e) {
            problems.add((current == null ? "the zip" : current) + ": " + e.getMessage());
            return new Verification(actual.size(), problems);
        } catch (IOException e) {
            problems.add("cannot read " + backup.getFileName() + ": " + e.getMessage());
            return new Verification(actual.size(), problems);
        }
        if (manifest == null) {
            problems.add(MANIFEST + " is missing");
            return new Verification(actual.size(), problems);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        manifest.lines().filter(l -> !l.isBlank()).forEach(l -> {
            if (l.length() > 66 && l.substring(0, 64).matches("[0-9a-f]{64}") && l.startsWith("  ", 64)) {
                expected.put(l.substring(66), l.substring(0, 64));
            } else {
                problems.add(MANIFEST + ": a line is not '<sha256>  <entry>': " + (l.length() > 80 ? l.substring(0, 80) + "…" : l));
            }
        });
        actual.keySet().stream().filter(e -> !safe(e)).forEach(e -> problems.add(e + ": a path that leaves the backup"));
        expected.forEach((entry, sha) -> {
            String got = actual.get(entry);
            if (got == null) {
                problems.add(entry + ": missing from the zip");
            } else if (!got.equals(sha)) {
                problems.add(entry + ": SHA-256 does not match the manifest");
            }
        });
        actual.keySet().stream().filter(e -> !expected.containsKey(e)).forEach(e -> problems.add(e + ": not in the manifest"));
        return new Verification(actual.size(), problems);
    }

    /** Entry names a restore can write: relative, no "..", no drive or backslash tricks. */
    static boolean safe(String entry) {
        return !entry.isEmpty() && !entry.startsWith("/") && !entry.contains("\\") && !entry.contains(":")
                && java.util.Arrays.stream(entry.split("/")).noneMatch(".."::equals);
    }

    /** Verifies, then extracts into {@code target}; entries that would land outside it are refused. */
    public static List<Path> restore(Path backup, Path target) {
        Verification verification = verify(backup);
        if (!verification.ok()) {
            throw new IllegalStateException(backup.getFileName() + " does not verify: " + String.join("; ", verification.problems()));
        }
        Path root = target.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            // the same bounds again while writing: the zip is read a second time, and must not grow in between
            ZipLimits.Expansion expansion = new ZipLimits.Expansion(LIMITS, Files.size(backup));
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IllegalStateException(entry.getName() + " would land outside " + root);
                }
                if (!seen.add(entry.getName())) {
                    throw new IllegalStateException(entry.getName() + " appears more than once in " + backup.getFileName());
                }
                Files.createDirectories(out.getParent());
                Files.copy(expansion.entry(zip, entry.getName()), out, StandardCopyOption.REPLACE_EXISTING);
                written.add(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("restore from " + backup.getFileName() + " failed: " + e.getMessage(), e);
        }
        return written;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
