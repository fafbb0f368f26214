package dev.keel.secrets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.WarnStatus;
import ch.qos.logback.core.util.FileSize;
import dev.keel.storage.OwnerOnly;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Keel's logging, set up in code (logback finds it by ServiceLoader): a masked console and a masked, rolled
 * ops/logs/keel.log. Reading the same set-up from XML with Joran was 12 % of the main thread's start (#20). It steps
 * aside, and logback reads XML as usual, when {@code -Dlogback.configurationFile} is set or a logback.xml or
 * logback-test.xml is on the class path.
 */
public final class KeelLogging extends ContextAwareBase implements Configurator {

    /** Every line through SecretMasker: messages and stack traces alike (ops/logs/LOGGING.md). */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %maskedMsg%n%maskedEx";

    private static final Map<String, Level> QUIET = Map.of(
            // its rollback WARN repeats what ErrorSidecar already logged about the same file
            "org.apache.camel.component.file.GenericFileOnCompletion", Level.ERROR,
            "org.flywaydb", Level.WARN,
            "org.quartz", Level.WARN,
            "io.vertx", Level.WARN,
            "io.netty", Level.WARN,
            "oshi", Level.WARN,
            // PDFBox maps the 14 standard PDF fonts at first use and warns for each; the export embeds its own fonts
            "org.apache.pdfbox.pdmodel.font", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = KeelLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Keel's appenders and levels on {@code context}; keel.log.dir, keel.log.level and keel.log.camel-level are read here. */
    public static void apply(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
        rules.put("maskedMsg", MaskedMessageConverter::new);
        rules.put("maskedEx", MaskedThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting(context, "keel.log.level", "INFO"), Level.INFO));
        root.addAppender(console(context));
        root.addAppender(file(context, setting(context, "keel.log.dir", "ops/logs")));
        context.getLogger("org.apache.camel").setLevel(Level.toLevel(setting(context, "keel.log.camel-level", "INFO"), Level.INFO));
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Appender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context));
        console.start();
        return console;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, String folder) {
        ownerOnly(context, folder);
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(folder + "/keel.log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(folder + "/keel.%d{yyyy-MM-dd}.%i.log.gz");
        policy.setMaxFileSize(FileSize.valueOf("20MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("500MB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder(context));
        file.start();
        return file;
    }

    /** The log folder 0700 whatever the umask: its lines are masked, but they are Keel's state all the same. */
    private static void ownerOnly(LoggerContext context, String folder) {
        try {
            OwnerOnly.folder(Path.of(folder));
        } catch (UncheckedIOException e) {
            context.getStatusManager().add(new WarnStatus(e.getMessage(), KeelLogging.class));
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /** As logback.xml's {@code ${key:-default}}: the context's property, else the system property, else the default. */
    private static String setting(LoggerContext context, String key, String fallback) {
        String value = context.getProperty(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
