package dev.keel.support;

import java.util.Map;
import java.util.UUID;

/** Settings for a real PostgreSQL (KEEL_TEST_PG_URL, set by .ci/run), in a fresh schema each time. */
public final class Postgres {

    private Postgres() {
    }

    public static Map<String, String> freshSchema() {
        String schema = "keel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("keel.db.url", System.getenv("KEEL_TEST_PG_URL") + "?currentSchema=" + schema,
                "keel.db.user", System.getenv().getOrDefault("KEEL_TEST_PG_USER", "keel"),
                "keel.db.password-env", "KEEL_TEST_PG_PASSWORD");
    }
}
