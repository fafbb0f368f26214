package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.storage.Backups;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keel backup verify <file>} and {@code keel restore <file> [--to DIR]}: the night run's backups, checked and brought back. */
public final class BackupCommand {

    private BackupCommand() {
    }

    @Command(name = "backup", description = "Backup tools.", subcommands = Verify.class)
    public static final class Backup {
    }

    @Command(name = "verify", description = "Read every entry of a backup with a streaming reader and check the manifest."
            + " Exit 0 when it verifies, 1 when not.")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            Backups.Verification result = Backups.verify(file);
            result.problems().forEach(p -> System.out.println("  FAIL  " + p));
            System.out.println(result.ok() ? file.getFileName() + ": " + result.entries() + " entries verified"
                    : file.getFileName() + ": does not verify (" + result.problems().size() + " problems)");
            return result.ok() ? 0 : 1;
        }
    }

    @Command(name = "restore", description = "Verify a backup, then extract it (default: <home>/restored/<backup name>).")
    public static final class Restore implements Callable<Integer> {

        @ParentCommand
        Keel parent;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--to", paramLabel = "DIR", description = "where to extract it")
        Path to;

        @Override
        public Integer call() {
            Path target = to;
            if (target == null) {
                KeelSettings settings;
                try {
                    settings = Keel.settings(parent);
                } catch (ConfigException e) {
                    return Keel.configError(e.getMessage());
                }
                String name = file.getFileName().toString().replaceFirst("\\.zip$", "");
                target = settings.home().resolve("restored").resolve(name);
            }
            try {
                List<Path> written = Backups.restore(file, target);
                System.out.println("restored " + written.size() + " files into " + target);
                return 0;
            } catch (IllegalStateException e) {
                System.out.println("restore refused: " + e.getMessage());
                return 1;
            }
        }
    }
}
