package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** Runs Keel's real logging set-up ({@link KeelLogging}) and proves no key reaches the log file, in messages or stack traces. */
class LogMaskingTest {

    @TempDir
    Path logs;

    /** Keel's real logging writing into the test's folder, without the console appender. */
    private LoggerContext keelLogging() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("keel.log.dir", logs.toString());
        KeelLogging.apply(context);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("CONSOLE");
        return context;
    }

    @Test
    void noKeyReachesTheLogFile() throws Exception {
        LoggerContext context = keelLogging();
        Logger log = context.getLogger("dev.keel.test");

        for (String key : SecretMaskerTest.FAKE_KEYS) {
            log.info("provider call with key {}", key);
            log.warn("call failed", new IllegalStateException("401 for header x-api-key: " + key,
                    new RuntimeException("Authorization: Bearer " + key)));
        }
        context.stop();

        String written = Files.readString(logs.resolve("keel.log"));
        assertThat(written).contains("provider call with key", "IllegalStateException", "Caused by");
        for (String key : SecretMaskerTest.FAKE_KEYS) {
            assertThat(written).doesNotContain(key);
        }
    }

    @Test
    void aNewlineInALoggedNameCannotForgeALine() throws Exception {
        LoggerContext context = keelLogging();

        context.getLogger("dev.keel.test").warn("content inbox: {} refused", "x.yaml\n2026-12-01 ERROR forged line\r");
        context.stop();

        assertThat(Files.readAllLines(logs.resolve("keel.log")))
                .containsExactly(Files.readAllLines(logs.resolve("keel.log")).get(0))
                .first().asString().endsWith("content inbox: x.yaml\\n2026-12-01 ERROR forged line\\r refused");
    }
}
