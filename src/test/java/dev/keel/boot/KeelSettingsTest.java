package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.guard.GuardMode;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KeelSettingsTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    private static final Properties DEFAULTS = props("keel.health.interval", "5m", "keel.guard.mode", "enforce",
            "keel.storage.retention-days", "30", "keel.home", ".", "camel.main.name", "keel");

    @Test
    void environmentOverridesDefaultsAndFileButNotSystemProperties() {
        KeelSettings s = KeelSettings.resolve(DEFAULTS, props("keel.health.interval", "10m", "keel.storage.retention-days", "7"),
                Map.of("KEEL_HEALTH_INTERVAL", "2m", "KEEL_STORAGE_RETENTION_DAYS", "9"),
                props("keel.storage.retention-days", "11"));

        assertThat(s.duration("keel.health.interval", Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.integer("keel.storage.retention-days", 1, 100)).isEqualTo(11);
        assertThat(s.asMap()).doesNotContainKey("camel.main.name");
    }

    @Test
    void namesTheEnvironmentVariableOfAKey() {
        assertThat(KeelSettings.envName("keel.storage.retention-days")).isEqualTo("KEEL_STORAGE_RETENTION_DAYS");
    }

    @Test
    void refusesAnIntervalOverTheLimitNamingKeySourceAndFix() {
        KeelSettings s = KeelSettings.resolve(DEFAULTS, new Properties(), Map.of("KEEL_HEALTH_INTERVAL", "45m"), new Properties());

        assertThatThrownBy(() -> s.duration("keel.health.interval", Duration.ofSeconds(5), Duration.ofMinutes(30)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("keel.health.interval: '45m' (from environment variable KEEL_HEALTH_INTERVAL) is over the limit of 30 min;"
                        + " set it to 30 min or less");
    }

    @Test
    void refusesAnUnknownEnumValueListingTheKnownOnes() {
        KeelSettings s = KeelSettings.of(Map.of("keel.guard.mode", "loud"));

        assertThatThrownBy(() -> s.choice("keel.guard.mode", GuardMode.class))
                .hasMessageContaining("keel.guard.mode: 'loud'")
                .hasMessageContaining("use one of: enforce, observe");
        assertThat(KeelSettings.of(Map.of("keel.guard.mode", "OBSERVE")).choice("keel.guard.mode", GuardMode.class))
                .isEqualTo(GuardMode.OBSERVE);
    }

    @Test
    void refusesAnUnknownKeyAndSuggestsTheNearestOne() {
        assertThatThrownBy(() -> KeelSettings.resolve(DEFAULTS, props("keel.helth.interval", "5m"), Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keel.helth.interval")
                .hasMessageContaining("did you mean keel.health.interval?");
    }

    @Test
    void parsesDurationsInEveryWrittenForm() {
        assertThat(KeelSettings.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(KeelSettings.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(KeelSettings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(KeelSettings.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(KeelSettings.parseDuration("five minutes")).isNull();
    }

    @Test
    void refusesNonNumbersAndOutOfRangeNumbers() {
        KeelSettings s = KeelSettings.of(Map.of("keel.a", "x", "keel.b", "0", "keel.c", "120"));

        assertThatThrownBy(() -> s.integer("keel.a", 1, 10)).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> s.integer("keel.b", 1, 10)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> s.percent("keel.c")).hasMessageContaining("is not a percentage");
    }

    @Test
    void resolvesRelativeFoldersAgainstHome() {
        KeelSettings s = KeelSettings.of(Map.of("keel.home", "/srv/keel", "keel.storage.inbox", "inbox",
                "keel.storage.archive", "/var/archive"));

        assertThat(s.folder("keel.storage.inbox")).hasToString("/srv/keel/inbox");
        assertThat(s.folder("keel.storage.archive")).hasToString("/var/archive");
    }
}
