package dev.keel.web;

import dev.keel.support.Postgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link ReplayCacheTest} on PostgreSQL, in a fresh schema. */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PostgresReplayCacheTest extends ReplayCacheTest {

    @Override
    protected Map<String, String> database(Path home) {
        return Postgres.freshSchema();
    }
}
