package dev.keel.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of a cluster: Keel in a JVM of its own, started as `keel run` with -D settings on free loopback
 * ports, with its health and base URL at hand ({@link KeelProcess} is the bare process for crash tests).
 * {@link #kill} is SIGKILL (nothing runs on the way down), {@link #close} a clean stop.
 */
public final class KeelNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path home;
    private final int httpPort;
    private final int managementPort;

    private KeelNode(Process process, Path home, int httpPort, int managementPort) {
        this.process = process;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Starts a node in {@code home} (its output in home/keel.out); {@link #awaitUp} waits for it. */
    public static KeelNode start(Path home, Map<String, String> settings) throws IOException {
        int http = RunningKeel.freePort();
        int management = RunningKeel.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        command.add("-Dkeel.routes=" + Path.of("routes").toAbsolutePath());
        command.add("-Dkeel.guard.mode=observe");
        command.add("-Dkeel.http.port=" + http);
        command.add("-Dkeel.management.port=" + management);
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("dev.keel.Keel", "run", "--home", home.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("keel.out").toFile()).start();
        return new KeelNode(process, home, http, management);
    }

    /** Waits until /observe/health answers UP; false when the node died or {@code timeout} passed. */
    public boolean awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    public String health() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash: no shutdown hook, no Quartz or pool clean-up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
