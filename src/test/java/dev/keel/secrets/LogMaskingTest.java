package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** Runs Keel's real logback.xml and proves no key reaches the log file, in messages or stack traces. */
class LogMaskingTest {

    @TempDir
    Path logs;

    @Test
    void noKeyReachesTheLogFile() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("keel.log.dir", logs.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("CONSOLE");
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
}
