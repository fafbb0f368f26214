package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** Keel's logging set-up in code: what logback.xml used to say, and a user's own XML still wins. */
class KeelLoggingTest {

    @TempDir
    Path logs;

    @Test
    void stepsAsideWhenALogbackXmlIsOnTheClassPath() {
        // the test class path holds logback-test.xml, as a user's logback.xml would be found
        LoggerContext context = new LoggerContext();

        assertThat(new KeelLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void readsTheKeelLogPropertiesForLevelsAndFolder() {
        LoggerContext context = new LoggerContext();
        context.putProperty("keel.log.dir", logs.toString());
        context.putProperty("keel.log.level", "DEBUG");
        context.putProperty("keel.log.camel-level", "WARN");

        KeelLogging.apply(context);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.camel.component.file.GenericFileOnCompletion").getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
        RollingFileAppender<?> file = (RollingFileAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE");
        assertThat(file.getFile()).isEqualTo(logs + "/keel.log");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertThat(policy.getFileNamePattern()).isEqualTo(logs + "/keel.%d{yyyy-MM-dd}.%i.log.gz");
        assertThat(policy.getMaxHistory()).isEqualTo(14);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNotNull();
        context.stop();
    }

    @Test
    void theLogFolderIsOwnerOnlyWhateverTheUmask() throws Exception {
        Path folder = logs.resolve("ops/logs");
        LoggerContext context = new LoggerContext();
        context.putProperty("keel.log.dir", folder.toString());

        KeelLogging.apply(context);
        context.getLogger("keel.test").info("a line");

        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(folder.resolve("keel.log")).exists();
        context.stop();
    }

    @Test
    void levelsDefaultToInfo() {
        LoggerContext context = new LoggerContext();
        context.putProperty("keel.log.dir", logs.toString());

        KeelLogging.apply(context);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.INFO);
        context.stop();
    }
}
