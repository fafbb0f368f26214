package dev.keel.check;

/** One thing wrong with a working copy: the file, the key or field where it applies (may be empty), and what to fix. */
public record CheckProblem(String file, String where, String message) {

    @Override
    public String toString() {
        return file + (where == null || where.isEmpty() ? "" : ": " + where) + ": " + message;
    }
}
