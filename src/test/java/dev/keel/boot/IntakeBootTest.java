package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real routes from routes/: one intake instantiated from the inbox-intake template, driven with files. */
@CamelMainTest(configurationClasses = KeelConfiguration.class, properties = {
    "camel.main.routesExcludePattern=file:routes/webhooks.camel.yaml,file:routes/agent-gateway.camel.yaml",
    "keel.home=target/boot/intake",
    "keel.db.url=jdbc:h2:mem:intake-boot;DB_CLOSE_DELAY=-1",
    "keel.storage.min-age=0s",
    "keel.storage.poll-interval=100ms",
    "keel.guard.mode=observe"})
class IntakeBootTest {

    static final Path HOME = Files2.freshHome("intake");
    static final Path INBOX = HOME.resolve("inbox/orders");
    static final Path ERRORS = INBOX.resolve(".error");

    @BeanInject
    CamelContext context;

    @BeforeEach
    void addIntake() throws Exception {
        if (context.getRoute("orders-intake") == null) {
            context.getRegistry().bind("failing", (org.apache.camel.Processor) exchange -> {
                if (exchange.getMessage().getBody(String.class).contains("explode")) {
                    throw new IllegalStateException("upstream refused: x-api-key: sk-ant-api03-FAKEfakeFAKE0000");
                }
            });
            TemplatedRouteBuilder.builder(context, "inbox-intake").routeId("orders-intake")
                    .parameter("workflow", "orders").parameter("accept", ".*\\.(yaml|json)")
                    .parameter("target", "bean:failing").add();
        }
    }

    private static Path archiveDay() {
        return HOME.resolve("archive/orders").resolve(LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")));
    }

    private static boolean await(Path p) throws InterruptedException {
        return Files2.await(() -> Files.exists(p), Duration.ofSeconds(15));
    }

    @Test
    void aGoodFileIsArchivedUnderItsDay() throws Exception {
        Files.writeString(INBOX.resolve("good.yaml"), "id: good");

        assertThat(await(archiveDay().resolve("good.yaml"))).isTrue();
        assertThat(INBOX.resolve("good.yaml")).doesNotExist();
        assertThat(INBOX.resolve(".inprogress/good.yaml")).doesNotExist();
    }

    @Test
    void aFileTheInboxDoesNotTakeGoesToErrorWithItsReason() throws Exception {
        Files.writeString(INBOX.resolve("notes.txt"), "hello");

        assertThat(await(ERRORS.resolve("notes.txt"))).isTrue();
        assertThat(ERRORS.resolve("notes.txt.error.txt")).content()
                .contains("file: notes.txt", "workflow: orders", "reason: 'notes.txt' is not a file the orders inbox takes");
    }

    @Test
    void aProcessingFailureGoesToErrorWithAMaskedReason() throws Exception {
        Files.writeString(INBOX.resolve("boom.yaml"), "explode: true");

        assertThat(await(ERRORS.resolve("boom.yaml"))).isTrue();
        assertThat(ERRORS.resolve("boom.yaml.error.txt")).content()
                .contains("reason: upstream refused: x-api-key: ****", "error: java.lang.IllegalStateException")
                .doesNotContain("FAKEfakeFAKE0000");
        assertThat(ERRORS.resolve("boom.yaml")).hasContent("explode: true");
    }

    @Test
    void identicalContentAgainIsRefusedAsADuplicateAndNothingIsOverwritten() throws Exception {
        Files.writeString(INBOX.resolve("dup.yaml"), "id: dup");
        assertThat(await(archiveDay().resolve("dup.yaml"))).isTrue();

        Files.writeString(INBOX.resolve("dup.yaml"), "id: dup");

        assertThat(await(ERRORS.resolve("dup.yaml"))).isTrue();
        assertThat(ERRORS.resolve("dup.yaml.error.txt")).content().contains("identical content was already processed");
        assertThat(archiveDay().resolve("dup.yaml")).hasContent("id: dup");

        Files.writeString(INBOX.resolve("dup.yaml"), "id: dup");

        assertThat(await(ERRORS.resolve("dup~2.yaml"))).isTrue();
        assertThat(ERRORS.resolve("dup~2.yaml.error.txt")).content().contains("identical content was already processed");
        assertThat(archiveDay().resolve("dup~2.yaml")).doesNotExist();
    }

    @Test
    void aSameNamedFileWithNewContentIsArchivedBesideTheFirst() throws Exception {
        Files.writeString(INBOX.resolve("same.yaml"), "v: 1");
        assertThat(await(archiveDay().resolve("same.yaml"))).isTrue();

        Files.writeString(INBOX.resolve("same.yaml"), "v: 2");

        assertThat(await(archiveDay().resolve("same~2.yaml"))).isTrue();
        assertThat(archiveDay().resolve("same.yaml")).hasContent("v: 1");
        assertThat(archiveDay().resolve("same~2.yaml")).hasContent("v: 2");
    }

    @Test
    void aFailedFileCanBeDroppedAgainOnceFixedElsewhere() throws Exception {
        Files.writeString(INBOX.resolve("retry.yaml"), "explode");
        assertThat(await(ERRORS.resolve("retry.yaml"))).isTrue();

        Files.writeString(INBOX.resolve("retry.yaml"), "explode");

        assertThat(await(ERRORS.resolve("retry~2.yaml"))).isTrue();
        assertThat(ERRORS.resolve("retry~2.yaml.error.txt")).content().contains("upstream refused")
                .doesNotContain("identical content");
    }

    @Test
    void anEmptyFileIsRefusedOnceItStopsChangingAndHoldsNoOtherFileBack() throws Exception {
        org.apache.camel.builder.NotifyBuilder fourDone = new org.apache.camel.builder.NotifyBuilder(context)
                .fromRoute("orders-intake").whenDone(4).create();
        Files.createFile(INBOX.resolve("e.json"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(INBOX.resolve("after-" + i + ".yaml"), "n: " + i);
        }

        assertThat(fourDone.matches(20, java.util.concurrent.TimeUnit.SECONDS)).as("the empty file and the three others all end").isTrue();
        assertThat(ERRORS.resolve("e.json.error.txt")).content().contains("reason: 'e.json' empty file");
        for (int i = 1; i <= 3; i++) {
            assertThat(archiveDay().resolve("after-" + i + ".yaml")).hasContent("n: " + i);
        }
        try (java.util.stream.Stream<Path> left = Files.list(INBOX)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".camelLock"));
        }
    }

    @Test
    void storageReportNamesTheIntakeRules() throws Exception {
        dev.keel.reports.StorageReport.write(context, dev.keel.storage.StorageLayout.from(
                dev.keel.boot.KeelSettings.of(java.util.Map.of("keel.home", HOME.toString(), "keel.storage.inbox", "inbox",
                        "keel.storage.outbox", "outbox", "keel.storage.archive", "archive", "keel.storage.ops", "ops",
                        "keel.storage.retention-days", "30", "keel.storage.min-age", "0s", "keel.storage.poll-interval", "100ms",
                        "keel.storage.lock-check-interval", "250ms"))));

        assertThat(HOME.resolve("ops/configs/STORAGE.md")).content()
                .contains("| orders-intake | orders | `.*\\.(yaml|json)` | idempotent-changed | 0 ms | 100 ms | Started |", "kept 30 days");
    }
}
