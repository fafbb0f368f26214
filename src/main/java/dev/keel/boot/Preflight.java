package dev.keel.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checks that need the machine, done before Camel starts so a bad setting ends in one clear line. */
public final class Preflight {

    private Preflight() {
    }

    /** Creates the folder if needed and proves Keel can write in it. */
    public static void writableFolder(KeelSettings settings, String key, Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".keel-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw settings.fail(key, folder.toString(), "is not a writable folder (" + e.getClass().getSimpleName()
                    + "); fix its permissions or point " + key + " (env " + KeelSettings.envName(key) + ") elsewhere");
        }
    }

    public static void writableFolders(KeelSettings settings, Map<String, Path> folders) {
        folders.forEach((key, folder) -> writableFolder(settings, key, folder));
    }

    public static void routesFolder(KeelSettings settings) {
        Path routes = settings.folder("keel.routes");
        if (!Files.isDirectory(routes)) {
            throw settings.fail("keel.routes", routes.toString(), "is not a folder; run Keel from its project folder"
                    + " or set KEEL_ROUTES to the folder holding the *.camel.yaml files");
        }
    }

    /** Fails if {@code host:port} cannot be bound (port 0 means any free port and always passes). */
    public static void freePort(KeelSettings settings, String hostKey, String portKey) {
        int port = settings.integer(portKey, 0, 65535);
        if (port == 0) {
            return;
        }
        String host = settings.text(hostKey);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw settings.fail(portKey, String.valueOf(port), "cannot be used on " + host + " (" + e.getMessage()
                    + "); stop the program using it or set " + KeelSettings.envName(portKey) + " to a free port");
        }
    }

    /** keel check's fast part; every problem on its own line after the first. */
    public static void workingCopy(KeelSettings settings, AreaSettings areas, dev.keel.alert.AlertRulesFile.Read alerts) {
        java.util.List<dev.keel.check.CheckProblem> problems = dev.keel.check.WorkingCopyCheck.fast(settings, areas, alerts);
        if (!problems.isEmpty()) {
            StringBuilder lines = new StringBuilder(problems.size() + " problems in the working copy; Keel does not start on it"
                    + " (run keel check):");
            problems.forEach(p -> lines.append("\n  ").append(p));
            throw new ConfigException("keel check", lines.toString());
        }
    }
}
