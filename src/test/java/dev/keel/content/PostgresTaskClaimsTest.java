package dev.keel.content;

import dev.keel.support.Postgres;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Several nodes' claims on a real PostgreSQL, in a schema of its own (see .ci/run); skipped without KEEL_TEST_PG_URL. */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "KEEL_TEST_PG_URL is not set: the PostgreSQL claim tests need a server (see .ci/run)")
class PostgresTaskClaimsTest extends TaskClaimsTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
