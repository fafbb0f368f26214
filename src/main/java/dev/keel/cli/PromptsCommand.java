package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelSettings;
import dev.keel.content.PromptStore;
import dev.keel.db.KeelDatabase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code keel prompts list}: every prompt at its current version with its hash, and the versions recorded before. */
@Command(name = "prompts", description = "The prompt bank.", subcommands = PromptsCommand.ListPrompts.class)
public final class PromptsCommand {

    @ParentCommand
    Keel parent;

    @Command(name = "list", description = "Names, versions and hashes; a prompt changed under a recorded version is shown as refused.")
    static final class ListPrompts implements Callable<Integer> {

        @ParentCommand
        PromptsCommand prompts;

        @Override
        public Integer call() {
            KeelSettings settings = Keel.toolSettings(prompts.parent);
            if (settings == null) {
                return Keel.CONFIG_ERROR;
            }
            try (KeelDatabase database = KeelDatabase.open(settings)) {
                List<String> lines = new PromptStore(settings.folder("keel.content.prompts"), database::dataSource, Clock.systemUTC()).list();
                if (lines.isEmpty()) {
                    System.out.println("No prompts in " + settings.folder("keel.content.prompts"));
                }
                lines.forEach(System.out::println);
                return lines.stream().anyMatch(l -> l.contains("REFUSED")) ? 1 : 0;
            }
        }
    }
}
