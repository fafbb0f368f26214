package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.support.FakeKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {

    @TempDir
    Path home;

    @AfterEach
    void reset() {
        Publisher.quarantineIn(null);
    }

    @Test
    void theScannerKnowsEveryProvidersKeyShape() {
        for (Map.Entry<String, String> key : FakeKeys.all(7).entrySet()) {
            assertThat(OutputScanner.scan("line one\nconfig: " + key.getValue() + "\n")).as(key.getKey())
                    .singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(2));
        }
        assertThat(OutputScanner.scan("sk-short and gsk_ and -----BEGIN PUBLIC KEY-----")).isEmpty();
    }

    @Test
    void aCleanFileIsPublished() throws Exception {
        Path target = home.resolve("outbox/report.md");

        Publisher.publish(target, "# All fine\n");

        assertThat(target).hasContent("# All fine\n");
    }

    @Test
    void aFileWithASecretIsQuarantinedNotPublished() throws Exception {
        Publisher.quarantineIn(home.resolve("quarantine"));
        String key = FakeKeys.all(8).get("groq-api-key");
        Path target = home.resolve("outbox/report.md");

        assertThatThrownBy(() -> Publisher.publish(target, "# Report\nkey: " + key + "\n"))
                .isInstanceOf(SecretLeakException.class).hasMessageContaining("groq-api-key at line 2")
                .hasMessageNotContaining(key);

        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(home.resolve("quarantine"))) {
            Path kept = files.filter(p -> p.toString().endsWith("report.md")).findFirst().orElseThrow();
            assertThat(Files.getPosixFilePermissions(kept)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(kept.resolveSibling(kept.getFileName() + ".reason.txt")).content()
                    .contains("groq-api-key at line 2", target.toString()).doesNotContain(key);
        }
    }
}
