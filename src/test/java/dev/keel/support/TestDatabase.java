package dev.keel.support;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A migrated Keel database for a DAO test: the embedded H2 file in the test's home, or the settings a subclass names. */
public final class TestDatabase {

    /** The embedded H2 file, password-less. */
    public static final Map<String, String> H2 = Map.of("keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel",
            "keel.db.password-env", "KEEL_TEST_NO_PASSWORD");

    private TestDatabase() {
    }

    public static KeelDatabase open(Path home, Map<String, String> database) {
        Map<String, String> settings = new HashMap<>(database);
        settings.put("keel.home", home.toString());
        return KeelDatabase.open(KeelSettings.of(settings));
    }
}
