package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelSettings;
import dev.keel.skills.SkillFolders;
import dev.keel.skills.SkillProblem;
import dev.keel.skills.SkillRules;
import dev.keel.skills.SkillsCheck;
import dev.keel.skills.SkillTemplatesReport;
import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keel skills new|check|pack}: Agent Skills in {@code skills/}, scaffolded from {@code templates/skills/}. */
@Command(name = "skills", description = "Agent skills: scaffold, check, pack.",
        subcommands = {SkillsCommand.New.class, SkillsCommand.Check.class, SkillsCommand.Pack.class})
public final class SkillsCommand {

    @ParentCommand
    Keel parent;

    Path home() {
        KeelSettings settings = Keel.toolSettings(parent);
        return settings == null ? null : settings.home();
    }

    @Command(name = "new", description = "Scaffold skills/NAME from templates/skills/TEMPLATE.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        SkillsCommand skills;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--template", defaultValue = "instructions", description = "instructions, python-script or mcp-tool")
        String template;

        @Override
        public Integer call() {
            Path home = skills.home();
            if (home == null) {
                return Keel.CONFIG_ERROR;
            }
            try {
                Path made = SkillFolders.create(home.resolve("templates/skills"), home.resolve("skills"), name, template);
                System.out.println("Created " + made + "; edit its SKILL.md, then run keel skills check");
                return 0;
            } catch (RejectedInputException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "check", description = "Check every skill (or the one at PATH): one line per problem, with file and field.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        SkillsCommand skills;
        @Parameters(index = "0", arity = "0..1", paramLabel = "PATH")
        Path path;

        @Override
        public Integer call() throws IOException {
            Path home = skills.home();
            if (home == null) {
                return Keel.CONFIG_ERROR;
            }
            if (path != null && !Files.exists(path)) {
                System.err.println(path + ": no such skill or folder");
                return 1;
            }
            SkillsCheck.Outcome outcome = SkillsCheck.all(path != null ? path : home.resolve("skills"));
            outcome.notes().forEach(n -> System.out.println("note: " + n));
            SkillTemplatesReport.write(home.resolve("templates/skills"), home.resolve("ops/skills/SKILL_TEMPLATES.md"));
            outcome.problems().forEach(System.err::println);
            System.out.println(outcome.skills() + " skills checked, " + outcome.problems().size() + " problems");
            return outcome.problems().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "pack", description = "Write skills/NAME as NAME.zip, ready to upload (the skill must pass its check).")
    static final class Pack implements Callable<Integer> {
        @ParentCommand
        SkillsCommand skills;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Path home = skills.home();
            if (home == null) {
                return Keel.CONFIG_ERROR;
            }
            Path skill = home.resolve("skills").resolve(name);
            List<SkillProblem> problems = SkillRules.check(skill);
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                return 1;
            }
            System.out.println("Wrote " + SkillFolders.pack(skill, home.resolve(name + ".zip")));
            return 0;
        }
    }
}
