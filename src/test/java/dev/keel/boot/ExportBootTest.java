package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.Backups;
import dev.keel.support.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/** The export workflow from routes/export.camel.yaml, driven by files in inbox/export. */
@CamelMainTest(configurationClasses = KeelConfiguration.class, properties = {
    "camel.main.routesExcludePattern=file:routes/webhooks.camel.yaml,file:routes/agent-gateway.camel.yaml,file:routes/dashboard.camel.yaml",
    "keel.home=target/boot/export",
    "keel.db.url=jdbc:h2:mem:export-boot;DB_CLOSE_DELAY=-1",
    "keel.storage.min-age=0s",
    "keel.storage.poll-interval=100ms",
    "keel.guard.mode=observe"})
class ExportBootTest {

    static final Path HOME = Files2.freshHome("export");

    private static Path drop(String name, String text) throws Exception {
        Path inbox = Files.createDirectories(HOME.resolve("inbox/export"));
        Path hidden = Files.writeString(inbox.resolve("." + name), text);
        return Files.move(hidden, inbox.resolve(name));
    }

    private static boolean await(Path p) throws InterruptedException {
        return Files2.await(() -> Files.exists(p), Duration.ofSeconds(60));
    }

    @Test
    void aMarkdownFileBecomesAPdfDocxAndZipAndIsArchived() throws Exception {
        drop("memo.md", "---\ntitle: Memo\nauthor: Ann\n---\n# Memo\n\nПривет, мир. 你好。\n");
        assertThat(await(HOME.resolve("outbox/export/memo.zip"))).isTrue();
        assertThat(HOME.resolve("outbox/export/memo/memo.pdf")).exists();
        assertThat(HOME.resolve("outbox/export/memo/memo.docx")).exists();
        assertThat(Backups.verify(HOME.resolve("outbox/export/memo.zip")).ok()).isTrue();
        assertThat(Files2.await(() -> Files2.listAll(HOME.resolve("archive/export")).stream().anyMatch(f -> f.endsWith("/memo.md")),
                Duration.ofSeconds(15))).isTrue();
        assertThat(HOME.resolve("ops/configs/EXPORT_PIPELINE.md")).exists();
    }

    @Test
    void aManifestWithABadDocumentLandsInErrorWithTheReasonAndTheGoodOnesAreExported() throws Exception {
        Path docs = Files.createDirectories(HOME.resolve("inbox/export/docs"));
        Files.writeString(docs.resolve("good.md"), "# Good\n\nFine text.\n");
        Files.writeString(docs.resolve("empty.md"), "");
        drop("pack.yaml", "title: Pack\ndocuments: [docs/good.md, docs/empty.md]\n");
        Path reason = HOME.resolve("inbox/export/.error/pack.yaml.error.txt");
        assertThat(await(reason)).isTrue();
        assertThat(reason).content().contains("reason: pack.yaml: 1 of 2 documents failed (docs/empty.md is empty: there is nothing to"
                + " export); the others were exported to");
        assertThat(await(HOME.resolve("inbox/export/.error/pack.yaml"))).as("the reason is written first, then the file moves").isTrue();
        assertThat(HOME.resolve("outbox/export/pack/good.pdf")).exists();
        assertThat(HOME.resolve("outbox/export/pack/pack.pdf")).exists();
        assertThat(docs.resolve("good.md")).as("a manifest's documents stay where they are").exists();
    }

    @Test
    void aManifestPointingOutsideTheInboxIsRefused() throws Exception {
        drop("escape.yaml", "title: Escape\ndocuments: [docs/../../../etc/passwd.md]\n");
        Path reason = HOME.resolve("inbox/export/.error/escape.yaml.error.txt");
        assertThat(await(reason)).isTrue();
        assertThat(reason).content().contains("uses '..'; files must stay inside the export inbox; nothing was exported");
        assertThat(HOME.resolve("outbox/export/escape")).doesNotExist();
    }
}
