package dev.keel.legal;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The legal index tests on a real PostgreSQL (the same Flyway migrations as H2), each run in a
 * schema of its own. .ci/run installs and starts PostgreSQL and sets KEEL_TEST_PG_URL.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresLegalIndexTest extends LegalIndexTest {

    @Override
    protected Map<String, String> database() {
        String schema = "keel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("keel.db.url", System.getenv("KEEL_TEST_PG_URL") + "?currentSchema=" + schema,
                "keel.db.user", System.getenv().getOrDefault("KEEL_TEST_PG_USER", "keel"),
                "keel.db.password-env", "KEEL_TEST_PG_PASSWORD");
    }
}
