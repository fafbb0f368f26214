package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.SecretsWiring;
import dev.keel.boot.KeelSettings;
import dev.keel.secrets.SecretException;
import dev.keel.secrets.SecretStore;
import dev.keel.secrets.SecretsAudit;
import dev.keel.storage.StorageLayout;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code keel secrets check}: fails on secret files others can read, secrets in config files and overdue rotations. */
@Command(name = "secrets", description = "Secret store tools.", subcommands = SecretsCommand.Check.class)
public final class SecretsCommand {

    @ParentCommand
    Keel parent;

    @Command(name = "check", description = "Check the secrets folder, config files and rotation dates; writes"
            + " ops/configs/SECRETS.md. Exit 0 clean, 1 with findings.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        SecretsCommand secrets;

        @Override
        public Integer call() {
            KeelSettings settings = Keel.toolSettings(secrets.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            Clock clock = Clock.systemUTC();
            SecretStore store = SecretsWiring.secretStore(settings);
            List<String> findings;
            try {
                SecretsAudit audit = SecretsWiring.secretsAudit(settings, store);
                findings = audit.findings(SecretsAudit.configFiles(settings.home(), settings.folder("keel.routes")), clock.instant());
                audit.writeReport(StorageLayout.from(settings).opsFile("configs", "SECRETS.md"), clock.instant(),
                        settings.text("keel.db.password-env"), System.getenv(settings.text("keel.db.password-env")) != null);
            } catch (SecretException e) {
                findings = List.of(e.getMessage());
            }
            findings.forEach(f -> System.out.println("  FAIL  " + f));
            System.out.println(findings.isEmpty() ? "secrets: no findings (" + store.known().size() + " secrets known)"
                    : "secrets: " + findings.size() + " findings");
            return findings.isEmpty() ? 0 : 1;
        }
    }
}
