package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.FakeKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAuditTest {

    @TempDir
    Path home;

    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");

    private Path secret(String name, String value, String perms, Instant modified) throws Exception {
        Path file = Files.createDirectories(home.resolve("secrets")).resolve(name);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private SecretsAudit audit() {
        return new SecretsAudit(new SecretStore(home.resolve("secrets"), home.resolve("docker"), Map.of(),
                Clock.fixed(now, ZoneOffset.UTC)), Duration.ofDays(90));
    }

    @Test
    void aCleanSetUpHasNoFindingsAndTheReportHasNoValues() throws Exception {
        String key = FakeKeys.all(11).get("anthropic-api-key");
        secret("anthropic-api-key", key, "rw-------", now.minus(Duration.ofDays(10)));
        SecretsAudit audit = audit();
        audit.loadAll(List.of());

        assertThat(audit.findings(List.of(home.resolve("keel.properties")), now)).isEmpty();
        audit.writeReport(home.resolve("ops/configs/SECRETS.md"), now, "KEEL_DB_PASSWORD", false);
        assertThat(home.resolve("ops/configs/SECRETS.md")).content()
                .contains("| anthropic-api-key | file ", "sha256:" + Secret.fingerprint(key), "| 10 d |", "| 2026-08-20 |")
                .doesNotContain(key);
    }

    @Test
    void findsReadableFilesKeysInConfigAndOverdueRotations() throws Exception {
        String key = FakeKeys.all(12).get("openrouter-api-key");
        secret("openrouter-api-key", key, "rw-------", now.minus(Duration.ofDays(120)));
        secret("webhook-ci", "whsec-FAKE-0000009", "rw-r-----", now);
        Files.writeString(home.resolve("keel.properties"), "keel.health.interval=5m\nkeel.x=" + key + "\n");
        SecretsAudit audit = audit();
        audit.loadAll(List.of("openrouter-api-key"));

        List<String> findings = audit.findings(List.of(home.resolve("keel.properties")), now);

        assertThat(findings).hasSize(3);
        assertThat(findings).anyMatch(f -> f.contains("webhook-ci is readable by group or others"))
                .anyMatch(f -> f.contains("keel.properties:2 holds a secret"))
                .anyMatch(f -> f.contains("openrouter-api-key is overdue for rotation"))
                .noneMatch(f -> f.contains(key));
    }
}
