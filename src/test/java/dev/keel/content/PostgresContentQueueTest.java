package dev.keel.content;

import dev.keel.support.Postgres;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The content queue on a real PostgreSQL, in a schema of its own (see .ci/run). */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresContentQueueTest extends ContentQueueTest {

    @Override
    protected Map<String, String> database() {
        return Postgres.freshSchema();
    }
}
