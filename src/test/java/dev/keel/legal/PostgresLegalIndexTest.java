package dev.keel.legal;

import java.util.Map;
import dev.keel.support.Postgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The legal index tests on a real PostgreSQL (the same Flyway migrations as H2), each run in a
 * schema of its own. .ci/run installs and starts PostgreSQL and sets KEEL_TEST_PG_URL.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresLegalIndexTest extends LegalIndexTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
