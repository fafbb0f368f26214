package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelSettings;
import dev.keel.boot.SecretsWiring;
import dev.keel.dashboard.OperatorKeys;
import dev.keel.gateway.AgentKeys;
import dev.keel.secrets.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keel operators issue NAME [--rotate]}, {@code list}, {@code revoke NAME}: the dashboard's login keys, secrets
 * operator-key-&lt;name&gt; in Keel's secrets folder (mode 600). The key is written, never printed: the operator reads it
 * from the file. A revoked operator's sessions end at their next request.
 */
@Command(name = "operators", description = "Dashboard login keys for operators.",
        subcommands = {OperatorsCommand.Issue.class, OperatorsCommand.ListKeys.class, OperatorsCommand.Revoke.class})
public final class OperatorsCommand {

    @ParentCommand
    Keel parent;

    static Path folder(KeelSettings settings) throws IOException {
        return dev.keel.storage.OwnerOnly.folder(settings.folder("keel.secrets.dir"));
    }

    static String badName(String name) {
        return OperatorKeys.NAME.matcher(name).matches() ? null
                : "operator name '" + name + "' must be lower-case letters, digits, - and _ (up to 64)";
    }

    @Command(name = "issue", description = "Write a new dashboard key for an operator into the secrets folder (never printed).")
    static final class Issue implements Callable<Integer> {

        @ParentCommand
        OperatorsCommand operators;

        @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, - and _")
        String name;

        @Option(names = "--rotate", description = "replace an existing key (the old one stays valid for keel.secrets.overlap)")
        boolean rotate;

        @Override
        public Integer call() throws IOException {
            KeelSettings settings = Keel.toolSettings(operators.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            if (badName(name) != null) {
                return Keel.configError(badName(name));
            }
            Path folder = folder(settings);
            Path file = folder.resolve(OperatorKeys.secretName(name));
            if (Files.exists(file) && !rotate) {
                return Keel.configError(file + " exists; use --rotate to replace the key");
            }
            String key = AgentKeys.newKey();
            KeyFiles.write(folder, file, key);
            System.out.println("Dashboard key for operator '" + name + "' written to " + file + " (mode 600, sha256:"
                    + Secret.fingerprint(key) + ").");
            System.out.println("Open http://" + settings.text("keel.http.host") + ":" + settings.text("keel.http.port")
                    + "/ and log in with the file's content.");
            return 0;
        }
    }

    @Command(name = "list", description = "Operators with a dashboard key and the keys' fingerprints.")
    static final class ListKeys implements Callable<Integer> {

        @ParentCommand
        OperatorsCommand operators;

        @Override
        public Integer call() {
            KeelSettings settings = Keel.toolSettings(operators.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            var store = SecretsWiring.secretStore(settings);
            List<String> names = new OperatorKeys(store, java.time.Duration.ZERO).operators();
            if (names.isEmpty()) {
                System.out.println("No operators: nobody can log in to the dashboard. keel operators issue NAME");
            }
            for (String name : names) {
                System.out.println(name + "  " + store.get(OperatorKeys.secretName(name)).map(s -> "sha256:" + s.fingerprint())
                        .orElse("key not readable"));
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Delete an operator's dashboard key; their sessions end at their next request.")
    static final class Revoke implements Callable<Integer> {

        @ParentCommand
        OperatorsCommand operators;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            KeelSettings settings = Keel.toolSettings(operators.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            if (badName(name) != null) {
                return Keel.configError(badName(name));
            }
            Path file = folder(settings).resolve(OperatorKeys.secretName(name));
            if (!Files.deleteIfExists(file)) {
                return Keel.configError("operator '" + name + "' has no key in " + file.getParent());
            }
            System.out.println("Operator '" + name + "' revoked: " + file + " deleted.");
            return 0;
        }
    }
}
