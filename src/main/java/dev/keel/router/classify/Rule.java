package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One labelled piece of evidence from routing.yaml: patterns (or a declared size) that, when found,
 * add their weights to the critical and reasoning scores. {@code floor} lifts the tier to at least
 * that tier; {@code requires} lists rules of which one must also match for this one to count.
 */
public record Rule(String id, String says, double critical, double reasoning, List<Pattern> patterns, Quantity quantity,
                   Tier floor, List<String> requires) {

    /** The longest stretch of matched text a reason quotes. */
    private static final int QUOTE = 60;

    /** What matched, if anything: the size first, then the patterns in order. */
    Optional<Evidence> find(String text) {
        if (quantity != null) {
            Optional<String> size = quantity.find(text);
            if (size.isPresent()) {
                return Optional.of(evidence(size.get()));
            }
        }
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return Optional.of(evidence(m.group()));
            }
        }
        return Optional.empty();
    }

    private Evidence evidence(String matched) {
        String quoted = matched.strip().replaceAll("\\s+", " ");
        return new Evidence(id, says, quoted.length() > QUOTE ? quoted.substring(0, QUOTE) + "…" : quoted, critical, reasoning);
    }
}
