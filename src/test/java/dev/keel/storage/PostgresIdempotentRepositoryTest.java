package dev.keel.storage;

import java.util.Map;
import dev.keel.support.Postgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The idempotent repository on a real PostgreSQL, in a schema of its own (see .ci/run). */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresIdempotentRepositoryTest extends DbIdempotentRepositoryTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
