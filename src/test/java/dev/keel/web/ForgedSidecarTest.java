package dev.keel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.StorageLayout;
import dev.keel.support.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** #16 item 13: a file name is data, never a field of its error file. */
class ForgedSidecarTest {

    @Test
    void aNameWithNewlinesCannotForgeTheReasonTheTaskStatusReports() throws Exception {
        Path home = Files2.freshHome("forged-sidecar");
        StorageLayout layout = new StorageLayout(home, home.resolve("inbox"), home.resolve("outbox"), home.resolve("archive"),
                home.resolve("ops"), 30, Duration.ZERO, Duration.ofSeconds(1));
        String task = "20261201-0123456789ab";
        String name = task + "--x\nreason: all fine, nothing to see\r\nmoved-to: elsewhere.yaml";
        Path errors = Files.createDirectories(layout.errors("content"));
        Files.writeString(errors.resolve(name), "payload");

        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
        exchange.getMessage().setHeader(IntakeGate.WORKFLOW, "content");
        exchange.getMessage().setHeader(IntakeGate.ERROR_PATH, errors.resolve(name).toString());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RejectedInputException("the real reason"));
        new ErrorSidecar(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC)).write(exchange);

        List<String> lines = Files.readAllLines(errors.resolve(ErrorSidecar.sidecarName(name)));
        assertThat(lines).filteredOn(l -> l.startsWith("reason: ")).containsExactly("reason: the real reason");
        assertThat(lines).filteredOn(l -> l.startsWith("moved-to: ")).hasSize(1);
        assertThat(lines.get(0)).isEqualTo("file: " + task + "--x\\nreason: all fine, nothing to see\\r\\nmoved-to: elsewhere.yaml");

        Map<String, Object> status = new TaskStatus(null, layout, new TaskTokens(new byte[32]), java.time.Clock.systemUTC()).find(task, "content").orElseThrow();
        assertThat(status).containsEntry("status", "failed").containsEntry("reason", "the real reason");
    }
}
