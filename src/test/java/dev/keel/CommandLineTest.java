package dev.keel;

import dev.keel.cli.StatusCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad configuration stops `keel run` with exit code 2 and one line naming the key: no stack trace, no start. */
class CommandLineTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void clearProperties() {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("keel.")).forEach(System::clearProperty);
    }

    private int run(String... args) throws Exception {
        Files.createDirectories(home.resolve("routes"));
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "--home";
            all[1] = home.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            return new CommandLine(new Keel()).execute(all);
        } finally {
            System.setErr(original);
        }
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anIntervalOverThirtyMinutesStopsStartUp() throws Exception {
        System.setProperty("keel.health.interval", "45m");

        assertThat(run("run")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("keel: keel.health.interval: '45m' (from -Dkeel.health.interval) is over the limit of 30 min;"
                + " set it to 30 min or less" + System.lineSeparator());
    }

    @Test
    void anUnknownModeStopsStartUp() throws Exception {
        System.setProperty("keel.guard.mode", "loud");

        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("keel.guard.mode: 'loud'", "enforce, observe").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aKeyInKeelPropertiesThatDoesNotExistStopsStartUp() throws Exception {
        Files.writeString(home.resolve("keel.properties"), "keel.health.intervall=5m\n");

        assertThat(run("run")).isEqualTo(2);
        assertThat(stderr()).contains("keel.health.intervall", "keel.properties", "did you mean keel.health.interval?");
    }

    @Test
    void anUnwritableFolderStopsStartUp() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        System.setProperty("keel.storage.outbox", file.toString());

        assertThat(run("run")).isEqualTo(2);
        assertThat(stderr()).contains("keel.storage.outbox", "is not a writable folder");
    }

    @Test
    void aPortInUseStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            System.setProperty("keel.management.port", String.valueOf(taken.getLocalPort()));

            assertThat(run("run")).isEqualTo(2);
        }
        assertThat(stderr()).contains("keel.management.port", "cannot be used on 127.0.0.1", "KEEL_MANAGEMENT_PORT");
    }

    @Test
    void secretsCheckFailsOnAFileOthersCanReadAndPassesOnceFixed() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(home.resolve("secrets")).resolve("webhook-ci"), "whsec-FAKE-cli-0001");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("secrets", "check")).isEqualTo(1);
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(run("secrets", "check")).isEqualTo(0);
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("webhook-ci is readable by group or others", "no findings")
                .doesNotContain("whsec-FAKE-cli-0001");
        assertThat(home.resolve("ops/configs/SECRETS.md")).content().contains("| webhook-ci |").doesNotContain("whsec-FAKE-cli-0001");
    }

    @Test
    void routeExplainPrintsTheDecisionWithoutCallingAModel() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("route", "explain", "Choose between the two vendors", "--kind", "decision")).isEqualTo(0);
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("decision:  claude / claude-sonnet-5-5", "tier:      critical",
                "reason:    A 'decision' task is critical work.");
    }

    @Test
    void statusSaysWhenNoKeelIsRunning() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            System.setProperty("keel.management.port", String.valueOf(probe.getLocalPort()));
        }

        assertThat(run("status")).isEqualTo(StatusCommand.NOT_RUNNING);
    }

    @Test
    void aRouterTimeoutOfZeroFromTheEnvironmentStopsStartUpBeforeTheDatabaseOrCamel() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        // a JVM of its own: the variable must reach Keel through the real environment
        ProcessBuilder keel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Keel.class.getName(), "--home", home.toString(), "run")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        keel.environment().put("KEEL_ROUTER_TIMEOUT", "0s");
        keel.environment().put("KEEL_HTTP_PORT", "0");
        keel.environment().put("KEEL_MANAGEMENT_PORT", "0");
        Process process = keel.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(stderr).isEqualTo("keel: keel.router.timeout: '0s' (from environment variable KEEL_ROUTER_TIMEOUT) is under the minimum"
                + " of 1 s; set it to 1 s or more" + System.lineSeparator());
        assertThat(home.resolve("data")).as("the database was never opened").doesNotExist();
        assertThat(home.resolve("ops/logs/keel.log")).as("Camel never started, nothing logged").doesNotExist();
    }
}
