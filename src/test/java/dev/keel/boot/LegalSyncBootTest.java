package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.legal.LegalQueries;
import dev.keel.legal.LegalSync;
import dev.keel.support.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/** The legal-sync workflow from routes/legal-sync.camel.yaml, driven by files in inbox/data and inbox/legal. */
@CamelMainTest(configurationClasses = KeelConfiguration.class, properties = {
    "camel.main.routesExcludePattern=file:routes/webhooks.camel.yaml,file:routes/agent-gateway.camel.yaml,file:routes/dashboard.camel.yaml",
    "keel.home=target/boot/legal",
    "keel.db.url=jdbc:h2:mem:legal-boot;DB_CLOSE_DELAY=-1",
    "keel.storage.min-age=0s",
    "keel.storage.poll-interval=100ms",
    "keel.guard.mode=observe",
    "keel.legal.regenerate-to=mock:regenerate"})
class LegalSyncBootTest {

    static final Path HOME = Files2.freshHome("legal");

    @BeanInject
    CamelContext context;

    @BeanInject("legalSync")
    LegalSync legalSync;

    private static boolean await(Path p) throws InterruptedException {
        return Files2.await(() -> Files.exists(p), Duration.ofSeconds(15));
    }

    private static Path drop(String workflow, String name, String text) throws Exception {
        Path inbox = HOME.resolve("inbox").resolve(workflow);
        Files.createDirectories(inbox);
        Path hidden = Files.writeString(inbox.resolve("." + name), text);
        return Files.move(hidden, inbox.resolve(name));
    }

    private static boolean archived(String workflow, String name) throws InterruptedException {
        return Files2.await(() -> Files2.listAll(HOME.resolve("archive").resolve(workflow)).stream().anyMatch(f -> f.endsWith("/" + name)),
                Duration.ofSeconds(15));
    }

    @Test
    void aDataChangeMarksTheCitingDocumentStaleAndAsksForItsRegeneration() throws Exception {
        MockEndpoint regenerate = context.getEndpoint("mock:regenerate", MockEndpoint.class);
        regenerate.expectedMessageCount(1);
        drop("data", "companies.json", "[{\"id\":\"acme\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"revenue\":10}]");
        assertThat(archived("data", "companies.json")).isTrue();
        drop("legal", "nda.md", "---\nid: nda-acme\nmatter: M-1\ntitle: NDA Acme\njurisdiction: DE\nversion: \"1\"\n"
                + "cites: [acme, ghost]\n---\n# NDA\n");
        assertThat(await(HOME.resolve("outbox/legal/nda-acme.md"))).isTrue();
        assertThat(archived("legal", "nda.md")).isTrue();

        drop("data", "companies-update.csv", "id,updated_at,revenue\nacme,2026-02-01T00:00:00Z,12\n");
        assertThat(archived("data", "companies-update.csv")).isTrue();

        assertThat(HOME.resolve("outbox/legal/STALE.md")).content().contains("| nda-acme | 1 | NDA Acme | acme | revenue |");
        regenerate.assertIsSatisfied(5000);
        assertThat(regenerate.getExchanges().get(0).getMessage().getBody(String.class))
                .contains("\"document\":\"nda-acme\"", "\"changed_fields\":\"revenue\"");

        LegalQueries.Consistency check = legalSync.check();
        assertThat(check.dangling()).containsExactly(new LegalQueries.Dangling("nda-acme", "ghost"));
        assertThat(HOME.resolve("ops/logs/LEGAL_SYNC.md")).content().contains("**inconsistent**", "nda-acme cites ghost");
    }

    @Test
    void badDataAndLegalFilesLandInErrorWithTheirReason() throws Exception {
        drop("data", "broken.json", "[{\"id\": \"a\", ");
        drop("data", "no-id.csv", "name,updated_at\nx,2026-01-01\n");
        drop("data", "dups.json", "[{\"id\":\"d\",\"updated_at\":\"2026-01-01\"},{\"id\":\"d\",\"updated_at\":\"2026-01-02\"}]");
        drop("legal", "no-cites.md", "---\nid: x\nmatter: M\ntitle: T\njurisdiction: DE\nversion: 1\n---\n");
        drop("legal", "binary.md", "\u0000\u0001\u0002");
        drop("data", "readme.txt", "not data");

        Path dataErrors = HOME.resolve("inbox/data/.error");
        Path legalErrors = HOME.resolve("inbox/legal/.error");
        assertThat(await(dataErrors.resolve("broken.json.error.txt"))).isTrue();
        assertThat(dataErrors.resolve("broken.json.error.txt")).content().contains("reason: malformed JSON");
        assertThat(await(dataErrors.resolve("no-id.csv.error.txt"))).isTrue();
        assertThat(dataErrors.resolve("no-id.csv.error.txt")).content().contains("the CSV header has no 'id' column");
        assertThat(await(dataErrors.resolve("dups.json.error.txt"))).isTrue();
        assertThat(dataErrors.resolve("dups.json.error.txt")).content().contains("duplicate ids in one file: d");
        assertThat(await(legalErrors.resolve("no-cites.md.error.txt"))).isTrue();
        assertThat(legalErrors.resolve("no-cites.md.error.txt")).content().contains("has no 'cites'");
        assertThat(await(legalErrors.resolve("binary.md.error.txt"))).isTrue();
        assertThat(legalErrors.resolve("binary.md.error.txt")).content().contains("binary.md is binary, not text");
        assertThat(await(dataErrors.resolve("readme.txt.error.txt"))).isTrue();
        for (String name : new String[] {"broken.json", "no-id.csv", "dups.json", "readme.txt"}) {
            assertThat(dataErrors.resolve(name)).exists();
        }
    }
}
