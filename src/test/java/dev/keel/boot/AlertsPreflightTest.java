package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad ops/configs/alerts.yaml stops start-up in the preflight, before the database or Camel, in one line. */
class AlertsPreflightTest {

    @TempDir
    Path home;

    @Test
    void aBadRuleStopsThePreflightNamingTheFileRuleAndField() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        Files.createDirectories(home.resolve("ops/configs"));
        Path alerts = home.resolve("ops/configs/alerts.yaml");
        Files.writeString(alerts, "rules:\n  guard-critical: {for: a while}\n");
        Properties system = new Properties();
        system.setProperty("keel.http.port", "0");
        system.setProperty("keel.management.port", "0");

        assertThatThrownBy(() -> KeelRuntime.preflight(KeelRuntime.settings(home, Map.of(), system)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("keel.alerts.rules-file: " + alerts + ": rule 'guard-critical': for 'a while' is not a duration; write it like"
                        + " 0s, 30s, 5m or 1h");
    }
}
