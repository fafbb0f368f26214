package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.SecretsWiring;
import dev.keel.gateway.GatewaySettings;
import dev.keel.boot.KeelSettings;
import dev.keel.gateway.AgentKeys;
import dev.keel.secrets.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keel agents issue <agent> [--rotate]}: writes a new gateway key into the secret
 * agent-key-&lt;agent&gt; (mode 600) without printing it; {@code keel agents list} shows agents and key
 * fingerprints. A running Keel picks up a rotated key at its next secrets poll and accepts the old
 * one for keel.secrets.overlap.
 */
@Command(name = "agents", description = "Gateway keys for agents.", subcommands = {AgentsCommand.Issue.class, AgentsCommand.ListKeys.class})
public final class AgentsCommand {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}");

    @ParentCommand
    Keel parent;

    @Command(name = "issue", description = "Write a new key for an agent into the secrets folder (never printed).")
    static final class Issue implements Callable<Integer> {

        @ParentCommand
        AgentsCommand agents;

        @Parameters(paramLabel = "AGENT", description = "lower-case letters, digits, - and _")
        String agent;

        @Option(names = "--rotate", description = "replace an existing key (the old one stays valid for keel.secrets.overlap)")
        boolean rotate;

        @Override
        public Integer call() throws IOException {
            KeelSettings settings = Keel.toolSettings(agents.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            if (!NAME.matcher(agent).matches()) {
                return Keel.configError("agent name '" + agent + "' must be lower-case letters, digits, - and _ (up to 64)");
            }
            Path folder = dev.keel.storage.OwnerOnly.folder(settings.folder("keel.secrets.dir"));
            Path file = folder.resolve(AgentKeys.secretName(agent));
            if (Files.exists(file) && !rotate) {
                return Keel.configError(file + " exists; use --rotate to replace the key");
            }
            String key = AgentKeys.newKey();
            KeyFiles.write(folder, file, key);
            System.out.println("Key for agent '" + agent + "' written to " + file + " (mode 600, sha256:" + Secret.fingerprint(key) + ").");
            System.out.println("Give the agent the file's content as its API key (Authorization: Bearer ...).");
            if (!List.of(settings.text("keel.gateway.agents").split("\\s*,\\s*")).contains(agent)) {
                System.out.println("Add '" + agent + "' to keel.gateway.agents, or the gateway will refuse it.");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Agents allowed on the gateway and their key fingerprints.")
    static final class ListKeys implements Callable<Integer> {

        @ParentCommand
        AgentsCommand agents;

        @Override
        public Integer call() {
            KeelSettings settings = Keel.toolSettings(agents.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            var store = SecretsWiring.secretStore(settings);
            List<String> names = GatewaySettings.from(settings).agents();
            if (names.isEmpty()) {
                System.out.println("No agents in keel.gateway.agents: the gateway refuses every call.");
            }
            for (String name : names) {
                System.out.println(name + "  " + store.get(AgentKeys.secretName(name)).map(s -> "sha256:" + s.fingerprint() + " (" + s.source() + ")")
                        .orElse("no key: run keel agents issue " + name));
            }
            return 0;
        }
    }
}
