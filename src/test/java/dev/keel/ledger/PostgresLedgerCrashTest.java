package dev.keel.ledger;

import dev.keel.support.Postgres;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The ledger's crash test on a real PostgreSQL, in a schema of its own (KEEL_TEST_PG_URL, see .ci/run); skipped without it. */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "KEEL_TEST_PG_URL is not set: the PostgreSQL crash test needs a server (see .ci/run)")
class PostgresLedgerCrashTest extends LedgerCrashTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
