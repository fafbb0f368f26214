package dev.keel.storage;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where Keel keeps files, and the rules every inbox follows; all folders absolute. */
public record StorageLayout(Path home, Path inbox, Path outbox, Path archive, Path ops,
                            int retentionDays, Duration minAge, Duration pollInterval, Duration lockCheck) {

    /** The default lock check (keel.storage.lock-check-interval's documented value). */
    public StorageLayout(Path home, Path inbox, Path outbox, Path archive, Path ops, int retentionDays, Duration minAge,
                         Duration pollInterval) {
        this(home, inbox, outbox, archive, ops, retentionDays, minAge, pollInterval, Duration.ofMillis(250));
    }

    public static final String IN_PROGRESS = ".inprogress";
    public static final String ERROR = ".error";

    public static StorageLayout from(KeelSettings settings) {
        return new StorageLayout(settings.home(),
                settings.folder("keel.storage.inbox"),
                settings.folder("keel.storage.outbox"),
                settings.folder("keel.storage.archive"),
                settings.folder("keel.storage.ops"),
                settings.integer("keel.storage.retention-days", 1, 36_500),
                settings.duration("keel.storage.min-age", Duration.ZERO, Duration.ofHours(1)),
                settings.duration("keel.storage.poll-interval", Duration.ofMillis(100), Duration.ofMinutes(10)),
                settings.duration("keel.storage.lock-check-interval", Duration.ofMillis(10), Duration.ofSeconds(10)));
    }

    /** The folders Keel writes to, by setting name; each must exist and be writable before start. */
    public Map<String, Path> workFolders() {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("keel.storage.inbox", inbox);
        folders.put("keel.storage.outbox", outbox);
        folders.put("keel.storage.archive", archive);
        folders.put("keel.storage.ops", ops);
        return folders;
    }

    public Path inbox(String workflow) {
        return inbox.resolve(workflow);
    }

    public Path errors(String workflow) {
        return inbox(workflow).resolve(ERROR);
    }

    public Path inProgress(String workflow) {
        return inbox(workflow).resolve(IN_PROGRESS);
    }

    public Path opsFile(String area, String name) {
        return ops.resolve(area).resolve(name);
    }
}
