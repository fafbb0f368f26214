package dev.keel.content.qa;

import java.util.List;

/** The QA gate's verdict: passed, or the reasons a person can act on. */
public record QaResult(boolean passed, List<String> reasons) {

    public QaResult {
        reasons = List.copyOf(reasons);
    }

    static QaResult of(List<String> reasons) {
        return new QaResult(reasons.isEmpty(), reasons);
    }

    @Override
    public String toString() {
        return passed ? "passed" : "failed: " + String.join("; ", reasons);
    }
}
