package dev.keel.ledger;

import dev.keel.support.Postgres;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The ledger's crash test on a real PostgreSQL, in a schema of its own (KEEL_TEST_PG_URL, see .ci/run); skipped without it. */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "KEEL_TEST_PG_URL is not set: the PostgreSQL crash test needs a server (see .ci/run)")
class PostgresLedgerCrashTest extends LedgerCrashTest {

    /** One schema for the test: the Keel that is killed and the reopening after it must read the same tables. */
    private final Map<String, String> schema = Postgres.freshSchema();

    @Override
    protected Map<String, String> database() {
        return schema;
    }
}
