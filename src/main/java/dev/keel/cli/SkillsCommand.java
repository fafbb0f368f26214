package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.KeelSettings;
import dev.keel.skills.SkillFolders;
import dev.keel.skills.SkillProblem;
import dev.keel.skills.SkillRules;
import dev.keel.skills.SkillScripts;
import dev.keel.skills.SkillTemplatesReport;
import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            List<Path> folders = folders(path != null ? path : home.resolve("skills"));
            List<SkillProblem> problems = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Path folder : folders) {
                problems.addAll(SkillRules.check(folder));
                SkillScripts.Outcome scripts = SkillScripts.check(folder);
                problems.addAll(scripts.problems());
                scripts.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
            }
            notes.forEach(n -> System.out.println("note: " + n));
            SkillTemplatesReport.write(home.resolve("templates/skills"), home.resolve("ops/skills/SKILL_TEMPLATES.md"));
            problems.forEach(System.err::println);
            System.out.println(folders.size() + " skills checked, " + problems.size() + " problems");
            return problems.isEmpty() ? 0 : 1;
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

    /** A folder with SKILL.md is one skill; otherwise each sub-folder is. */
    static List<Path> folders(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve("SKILL.md")) || !Files.isDirectory(root)) {
            return List.of(root);
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
