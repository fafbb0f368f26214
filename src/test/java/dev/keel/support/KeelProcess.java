package dev.keel.support;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keel as a JVM of its own (`dev.keel.Keel run` on the test class path), so a test can kill it with
 * SIGKILL ({@link Process#destroyForcibly}): no shutdown hook, no flush, what the OS holds survives.
 */
public final class KeelProcess {

    private KeelProcess() {
    }

    /** Starts Keel in {@code home} with {@code settings} as -D options; its output goes to {@code home/keel-<name>.out}; a later -D of the same key wins. */
    public static Process start(Path home, String name, Map<String, String> settings) throws Exception {
        return start(home, home, name, settings, List.of("run"));
    }

    /** As above, run from the folder {@code workingDir} with {@code arguments} (e.g. {@code --home HOME run}). */
    public static Process start(Path home, Path workingDir, String name, Map<String, String> settings, List<String> arguments)
            throws Exception {
        return start(testClasspath(), home, workingDir, name, settings, arguments);
    }

    /** As above, without the test classes (their logback-test.xml): Keel's own logging set-up, as it ships. */
    public static Process startAsShipped(Path home, Path workingDir, String name, Map<String, String> settings,
            List<String> arguments) throws Exception {
        String shipped = java.util.Arrays.stream(testClasspath().split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        return start(shipped, home, workingDir, name, settings, arguments);
    }

    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Process start(String classpath, Path home, Path workingDir, String name, Map<String, String> settings,
            List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "-Dkeel.home=" + home, "-Dkeel.routes=" + Path.of("routes").toAbsolutePath(),
                "-Dkeel.guard.mode=observe", "-Dkeel.storage.min-age=0s", "-Dkeel.storage.poll-interval=100ms",
                "-Dkeel.http.port=" + RunningKeel.freePort(), "-Dkeel.management.port=" + RunningKeel.freePort()));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("dev.keel.Keel");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("keel-" + name + ".out").toFile());
        builder.environment().remove("KEEL_HOME");
        builder.directory(new File(workingDir.toString()));
        return builder.start();
    }

    /** True once the process has logged that it is ready (within {@code max}). */
    public static boolean awaitReady(Path home, String name, java.time.Duration max) throws InterruptedException {
        Path out = home.resolve("keel-" + name + ".out");
        return Files2.await(() -> {
            try {
                return java.nio.file.Files.readString(out).contains("Keel ready");
            } catch (java.io.IOException e) {
                return false;
            }
        }, max);
    }
}
