package dev.keel.skills;

import java.nio.file.Path;

/** One thing wrong with a skill: the file, the field (or part) and what to change. */
public record SkillProblem(Path file, String field, String message) {

    @Override
    public String toString() {
        return file + ": " + field + ": " + message;
    }
}
