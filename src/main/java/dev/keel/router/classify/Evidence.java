package dev.keel.router.classify;

/** One rule found in a request: the rule, what it means, the text that matched, and its weights. */
public record Evidence(String rule, String says, String matched, double critical, double reasoning) {

    /** How a reason names it: what it means, the matched text a person can find, and the rule id. */
    public String describe() {
        return says + " (\"" + matched + "\", rule " + rule + ")";
    }
}
