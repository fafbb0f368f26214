package dev.keel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.secrets.SecretStore;
import dev.keel.secrets.SecretsAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** #16 item 12: a key file the secret store refuses is named in the log and in SECRETS.md, not only answered with 401. */
class AgentKeysTest {

    @TempDir
    Path home;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AgentKeys.class);
    private final Instant now = Instant.parse("2026-12-01T08:00:00Z");

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void aKeyFileOthersCanReadIsNamedOnceInTheLogAndListedInSecretsMd() throws Exception {
        String key = AgentKeys.newKey();
        Path file = Files.writeString(Files.createDirectories(home.resolve("secrets")).resolve("agent-key-bot"), key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecretStore store = new SecretStore(home.resolve("secrets"), home.resolve("docker"), Map.of(), Clock.fixed(now, ZoneOffset.UTC));
        AgentKeys keys = new AgentKeys(store, List.of("bot"), Duration.ofHours(1));

        assertThat(keys.agentFor(key)).isEmpty();
        assertThat(keys.agentFor(key)).isEmpty();
        assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("Agent bot cannot use the gateway", "readable by group or others", "chmod 600").doesNotContain(key));

        SecretsAudit audit = new SecretsAudit(store, Duration.ofDays(90));
        audit.loadAll(List.of(AgentKeys.secretName("bot")));
        Path report = home.resolve("ops/configs/SECRETS.md");
        audit.writeReport(report, now, "KEEL_DB_PASSWORD", false);
        assertThat(report).content().contains("## Secrets that cannot be used", "- agent-key-bot: ", "readable by group or others")
                .doesNotContain(key);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        audit.writeReport(report, now, "KEEL_DB_PASSWORD", false);
        assertThat(report).content().doesNotContain("cannot be used").contains("| agent-key-bot | file ");
        assertThat(keys.agentFor(key)).contains("bot");
    }
}
