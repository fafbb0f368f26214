package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keel.* key of application.properties, with values that must stop start-up in the preflight
 * (before the database or Camel): each error is one line naming the key and where the value came from.
 */
class SettingsCheckTest {

    static final Properties DEFAULTS = KeelRuntime.classpathProperties();

    /** Stands for a regular file where a folder is expected. */
    static final String FILE = "<a file>";

    /** Bad values per key. A new key in application.properties needs a row here (or in ANY_VALUE) and a check in its area's record. */
    static final Map<String, List<String>> BAD = new LinkedHashMap<>();

    /** Keys for which every value is acceptable, and why. */
    static final Map<String, String> ANY_VALUE = Map.of(
            "keel.export.font-dirs", "folders that do not exist are skipped; the body font comes with the build",
            "keel.mcp.allowed-origins", "an entry matching no Origin only keeps refusing that browser origin (403); loopback always passes");

    @TempDir
    static Path home;

    static {
        bad("keel.home", FILE);
        bad("keel.routes", "no-such-folder");
        for (String folder : List.of("inbox", "outbox", "archive", "ops")) {
            bad("keel.storage." + folder, FILE);
        }
        bad("keel.storage.retention-days", "0", "36501", "many");
        bad("keel.storage.min-age", "2h", "soon");
        bad("keel.storage.lock-check-interval", "5ms", "11s", "often");
        bad("keel.storage.poll-interval", "50ms", "11m", "soon");
        bad("keel.storage.error-retention-days", "0", "36501");
        bad("keel.db.url", "jdbc:mysql://db/keel");
        bad("keel.db.user", "two words", "");
        bad("keel.db.password-env", "hunter2!", "");
        bad("keel.health.interval", "45m", "1s", "soon");
        bad("keel.health.trend-size", "0", "1001");
        bad("keel.guard.mode", "loud");
        bad("keel.guard.sample-interval", "500ms", "6m");
        bad("keel.guard.hold", "2h", "long");
        bad("keel.guard.local-concurrency", "0", "257");
        bad("keel.guard.hot-local-concurrency", "-1", "257");
        for (String resource : List.of("cpu", "memory", "disk")) {
            for (String mark : List.of("hot-high", "hot-low", "critical-high", "critical-low")) {
                bad("keel.guard." + resource + "." + mark, "0", "101", "hot");
            }
        }
        bad("keel.legal.max-file-mb", "0", "4097");
        bad("keel.legal.regenerate-to", "content-regenerate");
        bad("keel.export.templates", FILE);
        // MCP gateway (#19)
        bad("keel.mcp.gateway-file", ".");
        bad("keel.mcp.check-interval", "50ms", "2h", "often");
        bad("keel.export.formats", "pdf,rtf");
        bad("keel.export.max-file-mb", "0", "1025");
        bad("keel.export.max-table-cells", "0", "10000001");
        bad("keel.night.cron", "every night at two");
        bad("keel.night.catch-up", "8d");
        bad("keel.night.critical-wait", "25h");
        bad("keel.night.catch-up-delay", "2h", "soon");
        bad("keel.backup.dir", FILE);
        bad("keel.backup.include-outbox", "yes");
        bad("keel.backup.keep-daily", "-1", "367");
        bad("keel.backup.keep-weekly", "-1", "521");
        bad("keel.backup.keep-monthly", "-1", "1201");
        bad("keel.router.providers-file", ".");
        bad("keel.router.routing-file", ".");
        bad("keel.router.timeout", "0s", "31m");
        bad("keel.router.local-wait", "31m");
        bad("keel.router.circuit-open", "0s", "2h");
        bad("keel.router.retry-after-max", "11m");
        bad("keel.router.queue-wait", "31m");
        bad("keel.router.model-check-interval", "30s", "8d", "often");
        bad("keel.gateway.agents", "ops bot");
        bad("keel.gateway.max-body-kb", "0", "1048577");
        bad("keel.gateway.max-streams", "0", "10001");
        bad("keel.gateway.max-calls", "0", "10001");
        bad("keel.gateway.max-image-kb", "0", "1048577");
        bad("keel.gateway.image-fetch-private", "maybe");
        bad("keel.ollama.bench-timeout", "0s", "2h");
        bad("keel.ollama.pull-missing", "maybe");
        bad("keel.secrets.dir", FILE);
        bad("keel.secrets.docker-dir", "", "two words");
        bad("keel.secrets.poll-interval", "0s", "2h");
        bad("keel.secrets.overlap", "31d");
        bad("keel.secrets.rotate-after", "1h", "3651d");
        bad("keel.webhooks.sources", "ci;deploy");
        bad("keel.webhooks.max-body-kb", "0");
        bad("keel.webhooks.window", "5s", "25h");
        bad("keel.content.safety-file", ".");
        bad("keel.content.prompts", FILE);
        bad("keel.content.max-file-mb", "0", "1025");
        bad("keel.content.templates", FILE);
        bad("keel.content.template", "../etc/passwd");
        bad("keel.content.workers", "0", "257");
        bad("keel.content.window", "0");
        bad("keel.content.queue-max", "0");
        bad("keel.content.dispatch-interval", "1ms", "2h");
        bad("keel.content.dispatch-delay", "2h", "later");
        bad("keel.content.task-queue-size", "0", "10");
        bad("keel.content.max-attempts", "0", "101");
        bad("keel.content.retry-delay", "0s", "2d");
        bad("keel.content.max-output-tokens", "0", "1000001");
        bad("keel.content.fsync-outputs", "sometimes");
        // alerts (#18)
        bad("keel.alerts.rules-file", ".");
        bad("keel.alerts.interval", "100ms", "11s", "often");
        bad("keel.alerts.retry-delay", "10ms", "2h");
        bad("keel.alerts.max-attempts", "0", "101");
        bad("keel.alerts.retention", "30m", "3651d", "a month");
        bad("keel.content.progress-interval", "0s", "2h");
        // dashboard (#18)
        bad("keel.dashboard.session-ttl", "1m", "8d", "long");
        bad("keel.dashboard.rollup-interval", "0s", "11m", "often");
        bad("keel.http.host", "", "two words");
        bad("keel.http.port", "-1", "65536", "http");
        bad("keel.http.idle-timeout", "0s", "2h", "forever");
        bad("keel.management.host", "", "two words");
        bad("keel.management.port", "-1", "65536", "jmx");
        bad("keel.management.allowed-origins", "evil.example", "http://a.example/path");
        // cluster durability (#17 part A)
        bad("keel.node.id", "two words", "-leading-dash", "x".repeat(65));
        bad("keel.node.lease", "1s", "2h", "long");
        // cluster (#17 part B)
        bad("keel.cluster.enabled", "maybe", "true");
        bad("keel.cluster.heartbeat", "100ms", "6m");
        bad("keel.cluster.stale-after", "1s", "15s", "2h");
        bad("keel.cluster.lease", "1s", "3h");
    }

    private static void bad(String key, String... values) {
        BAD.put(key, List.of(values));
    }

    @BeforeAll
    static void folders() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("a-file"), "not a folder");
    }

    /** The settings of a good installation (free ports), with {@code key} set to {@code value} by -D. */
    private static KeelSettings withSystem(String key, String value) {
        Properties system = new Properties();
        system.setProperty("keel.home", home.toString());
        system.setProperty("keel.http.port", "0");
        system.setProperty("keel.management.port", "0");
        if (key != null) {
            system.setProperty(key, value.equals(FILE) ? home.resolve("a-file").toString() : value);
        }
        return KeelSettings.resolve(DEFAULTS, new Properties(), Map.of(), system);
    }

    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>();
        BAD.forEach((key, values) -> values.forEach(value -> cases.add(Arguments.of(key, value))));
        return cases.stream();
    }

    @Test
    void everyKeyInApplicationPropertiesHasBadValuesOrSaysWhyAnyValueIsFine() {
        List<String> unchecked = DEFAULTS.stringPropertyNames().stream().filter(k -> k.startsWith("keel."))
                .filter(k -> !BAD.containsKey(k) && !ANY_VALUE.containsKey(k)).sorted().toList();
        assertThat(unchecked).as("keys with no bad values in SettingsCheckTest.BAD: check them in their area's settings record, then add"
                + " a row").isEmpty();
        assertThat(BAD.keySet()).as("rows for keys application.properties no longer has").allMatch(DEFAULTS::containsKey);
    }

    @Test
    void theDocumentedDefaultsPassThePreflight() {
        assertThatCode(() -> KeelRuntime.preflight(withSystem(null, null))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueStopsThePreflightInOneLineNamingKeyAndSource(String key, String value) {
        KeelSettings settings = withSystem(key, value);

        assertThatThrownBy(() -> KeelRuntime.preflight(settings))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": '").contains("(from -D" + key + ")").doesNotContain("\n");
                });
    }

    @Test
    void theSourceIsTheEnvironmentVariableTheFileOrTheDefault() throws Exception {
        Properties file = new Properties();
        file.setProperty("keel.router.timeout", "0s");
        Properties defaults = new Properties();
        defaults.putAll(DEFAULTS);
        defaults.setProperty("keel.router.timeout", "0s");

        assertThatThrownBy(() -> AreaSettings.from(KeelSettings.resolve(DEFAULTS, new Properties(), Map.of("KEEL_ROUTER_TIMEOUT", "0s"),
                new Properties()))).hasMessage("keel.router.timeout: '0s' (from environment variable KEEL_ROUTER_TIMEOUT) is under the"
                        + " minimum of 1 s; set it to 1 s or more");
        assertThatThrownBy(() -> AreaSettings.from(KeelSettings.resolve(DEFAULTS, file, Map.of(), new Properties())))
                .hasMessageContaining("'0s' (from keel.properties)");
        assertThatThrownBy(() -> AreaSettings.from(KeelSettings.resolve(defaults, new Properties(), Map.of(), new Properties())))
                .hasMessageContaining("'0s' (from the default in application.properties)");
    }
}
