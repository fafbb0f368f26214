package dev.keel.storage;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The idempotent repository on a real PostgreSQL, in a schema of its own (see .ci/run). */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresIdempotentRepositoryTest extends DbIdempotentRepositoryTest {

    @Override
    protected Map<String, String> database() {
        String schema = "keel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("keel.db.url", System.getenv("KEEL_TEST_PG_URL") + "?currentSchema=" + schema,
                "keel.db.user", System.getenv().getOrDefault("KEEL_TEST_PG_USER", "keel"),
                "keel.db.password-env", "KEEL_TEST_PG_PASSWORD");
    }
}
