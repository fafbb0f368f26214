package dev.keel.skills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every skill below a folder checked: the SKILL.md rules and the scripts' checks ({@code keel skills check}, {@code keel check}). */
public final class SkillsCheck {

    /** How many skills were checked, what is wrong with them, and the checks that could not run. */
    public record Outcome(int skills, List<SkillProblem> problems, List<String> notes) {
    }

    private SkillsCheck() {
    }

    public static Outcome all(Path root) {
        List<Path> folders = folders(root);
        List<SkillProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path folder : folders) {
            problems.addAll(SkillRules.check(folder));
            SkillScripts.Outcome scripts = SkillScripts.check(folder);
            problems.addAll(scripts.problems());
            scripts.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
        }
        return new Outcome(folders.size(), List.copyOf(problems), List.copyOf(notes));
    }

    /** A folder with SKILL.md is one skill; otherwise each sub-folder is. */
    public static List<Path> folders(Path root) {
        if (Files.isRegularFile(root.resolve("SKILL.md")) || !Files.isDirectory(root)) {
            return Files.exists(root) ? List.of(root) : List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
