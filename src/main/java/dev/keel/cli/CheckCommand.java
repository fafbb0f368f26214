package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelRuntime;
import dev.keel.boot.KeelSettings;
import dev.keel.check.CiReport;
import dev.keel.check.WorkingCopyCheck;
import dev.keel.storage.StorageLayout;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code keel check}: test the working copy before deploying it; one line per problem, exit 1 when any. */
@Command(name = "check", description = "Validate the working copy before it runs: settings, config files, routes, prompts, "
        + "templates, skills, docker-compose.yml. Writes ops/configs/CI.md.")
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    Keel parent;

    @Override
    public Integer call() {
        KeelSettings settings;
        try {
            settings = KeelRuntime.settings(parent.home, System.getenv(), System.getProperties());
        } catch (dev.keel.boot.ConfigException e) {
            return Keel.configError(e.getMessage());
        }
        WorkingCopyCheck.Result result = WorkingCopyCheck.full(settings);
        result.notes().forEach(n -> System.out.println("note: " + n));
        result.problems().forEach(System.err::println);
        CiReport.write(StorageLayout.from(settings).opsFile("configs", "CI.md"), settings.home(), result, Instant.now());
        System.out.println(result.checked().size() + " kinds of check, " + result.problems().size() + " problems"
                + (result.problems().isEmpty() ? ": ready to deploy" : ""));
        return result.problems().isEmpty() ? 0 : 1;
    }
}
