package dev.keel.night;

/** One step of the night run. A step that throws is recorded as failed; the next step still runs. */
public interface NightStep {

    String name();

    Result run() throws Exception;

    /** How a step ended. */
    enum Outcome { OK, SKIPPED, FAILED }

    /** A step's outcome and a line saying what it did or why not. */
    record Result(Outcome outcome, String detail) {
        public static Result ok(String detail) {
            return new Result(Outcome.OK, detail);
        }

        public static Result skipped(String reason) {
            return new Result(Outcome.SKIPPED, reason);
        }
    }
}
