package dev.keel.skills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The checks a skill's Python scripts get: {@code python3 -m py_compile} for each, then {@code ruff check}
 * over the folder. A tool that is not installed is reported as a note, not as a problem of the skill.
 */
public final class SkillScripts {

    /** Problems found and notes about checks that could not run. */
    public record Outcome(List<SkillProblem> problems, List<String> notes) {
    }

    private SkillScripts() {
    }

    public static Outcome check(Path folder) {
        List<SkillProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Path> scripts = pythonScripts(folder);
        if (scripts.isEmpty()) {
            return new Outcome(problems, notes);
        }
        for (Path script : scripts) {
            Run run = run(folder, "python3", "-m", "py_compile", script.toString());
            if (run == null) {
                notes.add("python3 is not installed: Python scripts were not byte-compiled");
                break;
            }
            if (run.exit() != 0) {
                problems.add(new SkillProblem(script, "python", "does not compile: " + run.output().strip()));
            }
        }
        Run ruff = run(folder, "ruff", "check", "--quiet", "--no-cache", folder.toString());
        if (ruff == null) {
            notes.add("ruff is not installed: Python scripts were not linted (pip install ruff)");
        } else if (ruff.exit() != 0) {
            problems.add(new SkillProblem(folder, "ruff", ruff.output().strip()));
        }
        return new Outcome(problems, notes);
    }

    /** A finished program's exit code and output. */
    public record Run(int exit, String output) {
    }

    /** Runs a program in {@code dir} for at most 60 s; null when it is not on PATH. */
    public static Run run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(1, command[0] + " took over 60 s");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(1, "interrupted");
        }
    }

    private static List<Path> pythonScripts(Path folder) {
        Path scripts = folder.resolve("scripts");
        if (!Files.isDirectory(scripts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(scripts)) {
            return files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
