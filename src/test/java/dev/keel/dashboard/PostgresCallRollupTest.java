package dev.keel.dashboard;

import dev.keel.support.Postgres;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The rollup and keyset tests on a real PostgreSQL (the same migrations, V18's identity column included), a schema each run. */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresCallRollupTest extends CallRollupTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
