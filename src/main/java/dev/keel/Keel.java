package dev.keel;

import dev.keel.boot.KeelRuntime;
import dev.keel.cli.AgentsCommand;
import dev.keel.cli.ExportCommand;
import dev.keel.cli.LegalCommand;
import dev.keel.cli.BackupCommand;
import dev.keel.cli.CheckCommand;
import dev.keel.cli.NightCommand;
import dev.keel.cli.PromptsCommand;
import dev.keel.cli.RouteCommand;
import dev.keel.cli.SecretsCommand;
import dev.keel.cli.SkillsCommand;
import dev.keel.cli.SelftestCommand;
import dev.keel.cli.StatusCommand;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code keel} command: {@code run} (the default), {@code status} and {@code selftest}. */
@Command(name = "keel", mixinStandardHelpOptions = true, version = "keel 0.1.0",
        description = "Ops backbone for a team of AI agents, on Apache Camel.",
        subcommands = {Keel.Run.class, StatusCommand.class, SelftestCommand.class, LegalCommand.class, SecretsCommand.class,
                NightCommand.Now.class, BackupCommand.Backup.class, BackupCommand.Restore.class, RouteCommand.class,
                AgentsCommand.class, ExportCommand.class, PromptsCommand.class, SkillsCommand.class,
                CheckCommand.class, dev.keel.cli.OperatorsCommand.class})
public final class Keel implements Callable<Integer> {

    public static final int CONFIG_ERROR = 2;

    @Option(names = "--home", scope = ScopeType.INHERIT, description = "Keel's working folder (default: keel.home, '.')")
    public Path home;

    public static void main(String[] args) {
        dev.keel.db.KeelDatabase.loopbackOnly();
        System.exit(new CommandLine(new Keel()).execute(args));
    }

    @Override
    public Integer call() {
        return new Run(this).call();
    }

    public static KeelSettings settings(Keel keel) {
        return KeelRuntime.settings(keel.home, System.getenv(), System.getProperties());
    }

    /** Settings for a tool command, logs pointed at ops/logs; null after the one-line error was printed. */
    public static KeelSettings toolSettings(Keel keel) {
        try {
            KeelSettings settings = settings(keel);
            KeelRuntime.pointLogsAt(settings);
            return settings;
        } catch (ConfigException e) {
            configError(e.getMessage());
            return null;
        }
    }

    public static int configError(String message) {
        System.err.println("keel: " + message);
        return CONFIG_ERROR;
    }

    @Command(name = "run", description = "Run Keel: the routes in keel.routes, the HTTP and management servers.")
    static final class Run implements Callable<Integer> {

        @CommandLine.ParentCommand
        Keel parent;

        Run() {
        }

        Run(Keel parent) {
            this.parent = parent;
        }

        @Override
        public Integer call() {
            KeelSettings settings;
            try {
                settings = settings(parent);
                // before the preflight: the first class that logs starts logback, which reads keel.log.dir once
                KeelRuntime.pointLogsAt(settings);
                KeelRuntime.preflight(settings);
            } catch (ConfigException e) {
                return configError(e.getMessage());
            }
            try {
                KeelRuntime.main(settings).run();
                return 0;
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                if (root instanceof ConfigException config) {
                    return configError(config.getMessage());
                }
                System.err.println("keel: start-up failed: " + root.getMessage() + " (details in ops/logs/keel.log)");
                return 1;
            }
        }
    }
}
