package dev.keel.content;

import dev.keel.router.Tier;
import java.util.List;

/**
 * Whether an output that failed QA or safety goes on to a stronger tier: a local output, once, goes
 * to the reasoning tier; anything else, or a second failure, is rejected. Pure: values in, value out.
 */
final class Escalation {

    /** The decision: escalate (with the note the output header keeps), or reject with the joined reasons. */
    record Verdict(boolean escalate, String note, String rejection) {
    }

    private Escalation() {
    }

    /** {@code reasons} is empty when the output passed; {@code escalatedBefore} when this task was escalated already. */
    static Verdict after(Tier answeredBy, boolean escalatedBefore, List<String> reasons) {
        if (reasons.isEmpty()) {
            return new Verdict(false, null, null);
        }
        String why = String.join("; ", reasons);
        if (answeredBy == Tier.LOCAL && !escalatedBefore) {
            return new Verdict(true, "local output failed (" + why + "), sent once to the reasoning tier", null);
        }
        return new Verdict(false, null, why);
    }
}
