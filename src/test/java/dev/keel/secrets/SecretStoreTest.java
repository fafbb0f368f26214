package dev.keel.secrets;

import dev.keel.support.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

    @TempDir
    Path home;


    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));

    private Path write(String dir, String name, String value, String perms) throws Exception {
        Path file = Files.createDirectories(home.resolve(dir)).resolve(name);
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    private SecretStore store(Map<String, String> env) {
        return new SecretStore(home.resolve("secrets"), home.resolve("docker"), env, clock);
    }

    @Test
    void theSecretsFolderComesBeforeDockerSecretsAndTheEnvironment() throws Exception {
        write("secrets", "groq-api-key", "from-folder-FAKE-0001", "rw-------");
        write("docker", "groq-api-key", "from-docker-FAKE-0001", "r--r--r--");
        write("docker", "moonshot-api-key", "from-docker-FAKE-0002", "r--r--r--");
        SecretStore store = store(Map.of("GROQ_API_KEY", "from-env-FAKE-0001", "OPENAI_API_KEY", "from-env-FAKE-0002"));

        assertThat(store.get("groq-api-key").orElseThrow().reveal()).isEqualTo("from-folder-FAKE-0001");
        assertThat(store.get("moonshot-api-key").orElseThrow().source()).startsWith("docker secret");
        assertThat(store.get("openai-api-key").orElseThrow().source()).isEqualTo("environment OPENAI_API_KEY");
        assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        write("secrets", "webhook-ci", "whsec-FAKE-0000001", "rw-r--r--");

        assertThatThrownBy(() -> store(Map.of()).get("webhook-ci")).isInstanceOf(SecretException.class)
                .hasMessageContaining("readable by group or others").hasMessageContaining("chmod 600")
                .hasMessageNotContaining("whsec-FAKE");
        assertThat(store(Map.of()).exposedFiles()).singleElement().asString().endsWith("webhook-ci");
    }

    @Test
    void refusesNamesThatArePaths() {
        assertThatThrownBy(() -> store(Map.of()).get("../etc/passwd")).hasMessageContaining("not a secret name");
    }

    @Test
    void aRotatedFileIsPickedUpAndTheOldValueOverlapsForAWhile() throws Exception {
        write("secrets", "webhook-ci", "whsec-FAKE-old-0001", "rw-------");
        SecretStore store = store(Map.of());
        String old = store.get("webhook-ci").orElseThrow().fingerprint();

        write("secrets", "webhook-ci", "whsec-FAKE-new-0002", "rw-------");
        assertThat(store.refresh()).isTrue();
        assertThat(store.refresh()).isFalse();

        assertThat(store.get("webhook-ci").orElseThrow().reveal()).isEqualTo("whsec-FAKE-new-0002");
        assertThat(store.accepted("webhook-ci", Duration.ofHours(24))).extracting(Secret::reveal)
                .containsExactly("whsec-FAKE-new-0002", "whsec-FAKE-old-0001");
        clock.now = clock.now.plus(Duration.ofHours(25));
        assertThat(store.accepted("webhook-ci", Duration.ofHours(24))).extracting(Secret::fingerprint)
                .doesNotContain(old).hasSize(1);
    }

    @Test
    void aLoadedValueIsMaskedWhateverItsShapeAndNeverPrinted() throws Exception {
        write("secrets", "db-token", "plain-looking-value-FAKE-77", "rw-------");
        Secret secret = store(Map.of()).get("db-token").orElseThrow();

        assertThat(SecretMasker.mask("connecting with plain-looking-value-FAKE-77 now")).isEqualTo("connecting with **** now");
        assertThat(secret.toString()).doesNotContain("plain-looking").contains("sha256:" + secret.fingerprint());
        assertThat(secret.fingerprint()).hasSize(12);
    }
}
