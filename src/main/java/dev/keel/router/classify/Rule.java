package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One labelled piece of evidence from routing.yaml: patterns (or a declared size) that, when found,
 * add their weights to the critical and reasoning scores. {@code floor} lifts the tier to at least
 * that tier; {@code requires} lists rules of which one must also match for this one to count;
 * {@code gate}, when not empty, lists literal text one of which must be in the request for the
 * patterns to run at all (a speed-up for patterns whose literals {@link Hints} cannot read); {@code hints}
 * hold the literal text each pattern's match contains, so a request without it skips the pattern.
 */
public record Rule(String id, String says, double critical, double reasoning, List<Pattern> patterns, Quantity quantity,
                   Tier floor, List<String> requires, List<String> gate, List<Hints> hints) {

    public Rule(String id, String says, double critical, double reasoning, List<Pattern> patterns, Quantity quantity, Tier floor,
                List<String> requires, List<String> gate) {
        this(id, says, critical, reasoning, patterns, quantity, floor, requires, gate,
                patterns.stream().map(Hints::of).toList());
    }

    /** The longest stretch of matched text a reason quotes. */
    private static final int QUOTE = 60;

    /**
     * What matched in {@code lower} (the request in lower case), if anything: the size first, then the
     * patterns in order; quoted from {@code original} where lower-casing kept every position.
     */
    Optional<Evidence> find(String lower, String original) {
        if (quantity != null) {
            Optional<int[]> size = quantity.find(lower);
            if (size.isPresent()) {
                return Optional.of(evidence(lower, original, size.get()[0], size.get()[1]));
            }
        }
        if (!gate.isEmpty() && gate.stream().noneMatch(lower::contains)) {
            return Optional.empty();
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (!hints.get(i).allIn(lower)) {
                continue;
            }
            Matcher m = patterns.get(i).matcher(lower);
            if (m.find()) {
                return Optional.of(evidence(lower, original, m.start(), m.end()));
            }
        }
        return Optional.empty();
    }

    private Evidence evidence(String lower, String original, int start, int end) {
        String matched = (lower.length() == original.length() ? original : lower).substring(start, end);
        String quoted = matched.strip().replaceAll("\\s+", " ");
        return new Evidence(id, says, quoted.length() > QUOTE ? quoted.substring(0, QUOTE) + "…" : quoted, critical, reasoning);
    }
}
