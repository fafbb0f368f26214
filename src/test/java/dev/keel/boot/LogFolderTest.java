package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.KeelProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `keel --home HOME run` from another folder logs into HOME/ops/logs, not into the folder it was started from. */
class LogFolderTest {

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    @Test
    void runWithHomeOptionLogsIntoTheHomeNotTheWorkingFolder() throws Exception {
        // Keel's own logging (KeelLogging), not the test class path's logback-test.xml (console and target/test-logs)
        Process keel = KeelProcess.startAsShipped(home, elsewhere, "logs", Map.of(), List.of("--home", home.toString(), "run"));
        try {
            assertThat(KeelProcess.awaitReady(home, "logs", Duration.ofSeconds(90))).as("Keel ready").isTrue();
            assertThat(Files.readString(home.resolve("ops/logs/keel.log"))).contains("Keel ready");
            assertThat(elsewhere.resolve("ops")).doesNotExist();
        } finally {
            keel.destroy();
            keel.waitFor();
        }
    }
}
