package dev.keel.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves secrets by name: a file {@code <name>} in Keel's secrets folder (which must not be
 * readable by group or others), then Docker's {@code /run/secrets/<name>}, then the environment
 * variable {@code NAME} (dashes and dots become underscores). Files are re-read by {@link #refresh()},
 * so a rotated key is used without a restart; the previous value stays acceptable for an overlap.
 */
public final class SecretStore {

    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    /** A secret's current value, and the one it replaced with when that was retired. */
    private record Slot(Secret current, Secret previous, Instant retiredAt) {
    }

    private final Path folder;
    private final Path docker;
    private final Map<String, String> env;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public SecretStore(Path folder, Path docker, Map<String, String> env, Clock clock) {
        this.folder = folder;
        this.docker = docker;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The current value of {@code name}, or empty when no source has it. */
    public Optional<Secret> get(String name) {
        Slot slot = slots.computeIfAbsent(name, n -> load(n).map(s -> new Slot(s, null, null)).orElse(null));
        return slot == null ? Optional.empty() : Optional.of(slot.current());
    }

    /** The values to accept for {@code name}: the current one, and the previous one within {@code overlap} of its retirement. */
    public List<Secret> accepted(String name, Duration overlap) {
        get(name);
        Slot slot = slots.get(name);
        if (slot == null) {
            return List.of();
        }
        List<Secret> out = new ArrayList<>(List.of(slot.current()));
        if (slot.previous() != null && slot.retiredAt().plus(overlap).isAfter(clock.instant())) {
            out.add(slot.previous());
        }
        return out;
    }

    /** Re-reads every secret Keel has used; a changed value becomes current and the old one is retired. */
    public boolean refresh() {
        boolean changed = false;
        for (String name : List.copyOf(slots.keySet())) {
            Optional<Secret> fresh = load(name);
            Slot slot = slots.get(name);
            if (fresh.isEmpty() || slot == null || fresh.get().fingerprint().equals(slot.current().fingerprint())) {
                continue;
            }
            slots.put(name, new Slot(fresh.get(), slot.current(), clock.instant()));
            changed = true;
            LOG.warn("Secret {} rotated: sha256:{} retired, sha256:{} in use", name, slot.current().fingerprint(),
                    fresh.get().fingerprint());
        }
        return changed;
    }

    /** Every secret Keel has resolved, by name, with the previous value's fingerprint where one was retired. */
    public Map<String, List<Secret>> known() {
        Map<String, List<Secret>> out = new TreeMap<>();
        slots.forEach((name, slot) -> out.put(name, slot.previous() == null ? List.of(slot.current())
                : List.of(slot.current(), slot.previous())));
        return out;
    }

    /** Names of the files in the secrets folders, so reports and checks see secrets not yet used. */
    public List<String> fileNames() {
        List<String> names = new ArrayList<>();
        for (Path dir : new Path[] {folder, docker}) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".")).forEach(names::add);
                } catch (IOException e) {
                    LOG.warn("Cannot list secrets folder {}: {}", dir, e.toString());
                }
            }
        }
        return names.stream().distinct().sorted().toList();
    }

    /** Files in Keel's secrets folder that group or others can read: each is a finding of `keel secrets check`. */
    public List<String> exposedFiles() {
        List<String> exposed = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return exposed;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (readableByOthers(file)) {
                    exposed.add(file.toString());
                }
            }
        } catch (IOException e) {
            exposed.add(folder + " (cannot be listed: " + e.getMessage() + ")");
        }
        return exposed;
    }

    private Optional<Secret> load(String name) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new SecretException("'" + name + "' is not a secret name (no paths, no leading dot)");
        }
        Path own = folder.resolve(name);
        if (Files.isRegularFile(own)) {
            if (readableByOthers(own)) {
                throw new SecretException(own + " is readable by group or others; run chmod 600 " + own);
            }
            return Optional.of(fromFile(name, own, "file " + own));
        }
        Path mounted = docker.resolve(name);
        if (Files.isRegularFile(mounted)) {
            return Optional.of(fromFile(name, mounted, "docker secret " + mounted));
        }
        String value = env.get(envName(name));
        if (value != null && !value.isBlank()) {
            SecretMasker.registerValue(value.strip());
            return Optional.of(new Secret(name, value.strip(), "environment " + envName(name), clock.instant()));
        }
        return Optional.empty();
    }

    private Secret fromFile(String name, Path file, String source) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new SecretException(file + " is empty");
            }
            SecretMasker.registerValue(value);
            return new Secret(name, value, source, Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            throw new SecretException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }
}
