package dev.keel.content.safety;

import dev.keel.secrets.OutputScanner;
import dev.keel.secrets.SecretMasker;
import dev.keel.router.classify.Hints;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The content safety policy of safety.yaml: PII redaction, blocked terms, prompt-injection markers and
 * output filters. Pure: text in, verdicts out; what it reports names kinds and counts, never PII values.
 */
public final class SafetyPolicy {

    /** What a prompt-injection marker in an input does. */
    public enum InjectionAction { FLAG, REFUSE }

    /** What a secret-shaped string in a prompt does (safety.yaml secrets-in-prompts). */
    public enum SecretAction { REFUSE, REDACT }

    private final Set<PiiType> pii;
    private final boolean redactBeforeCloud;
    private final boolean localSeesPii;
    private final boolean restoreAfterCloud;
    private final List<Phrase> blocked;
    private final List<Phrase> markers;
    private final InjectionAction injectionAction;
    private final List<Map.Entry<String, Pattern>> filters;
    /** Each filter's literals (router/classify/Hints): an output without them skips that filter's regex. */
    private final List<Hints> filterHints;
    private final boolean scanSecrets;
    private final SecretAction secretsInPrompts;

    private SafetyPolicy(SafetyYaml yaml) {
        Set<PiiType> on = EnumSet.noneOf(PiiType.class);
        for (PiiType type : PiiType.values()) {
            if (yaml.bool("pii." + type.key())) {
                on.add(type);
            }
        }
        pii = Set.copyOf(on);
        redactBeforeCloud = yaml.bool("redact-before-cloud");
        localSeesPii = yaml.bool("local-sees-pii");
        restoreAfterCloud = yaml.bool("restore-after-cloud");
        blocked = yaml.strings("blocked-terms").stream().map(Phrase::of).toList();
        markers = yaml.strings("injection.markers").stream().map(Phrase::of).toList();
        injectionAction = yaml.choice("injection.action", InjectionAction.class);
        filters = yaml.namedRegexes("output-filters.patterns");
        filterHints = filters.stream().map(f -> Hints.of(f.getValue())).toList();
        scanSecrets = yaml.bool("output-filters.scan-secrets");
        secretsInPrompts = yaml.choice("secrets-in-prompts", SecretAction.class);
    }

    static SafetyPolicy from(SafetyYaml yaml) {
        return new SafetyPolicy(yaml);
    }

    /** The text with every enabled kind of PII replaced by placeholders ([EMAIL-1], [PHONE-1], [IBAN-1], [CARD-1]). */
    public Redaction redact(String text) {
        return Redactor.redact(text, pii);
    }

    /** With restore-after-cloud on, the redaction's values put back where the text repeats their placeholders; else the text as it is. */
    public String restore(String text, Redaction redaction) {
        return restoreAfterCloud && redaction != null ? redaction.restore(text) : text;
    }

    /** Whether a prompt for a cloud (or local) model has its PII redacted under this policy. */
    public boolean redactsFor(boolean cloud) {
        return cloud ? redactBeforeCloud : !localSeesPii;
    }

    /** The first blocked term (as configured) the text contains, as a whole word or phrase, in any case. */
    public Optional<String> blocked(String text) {
        String normal = Phrase.normalize(text);
        String lower = Phrase.lower(normal);
        return blocked.stream().filter(p -> p.find(normal, lower) >= 0).map(Phrase::text).findFirst();
    }

    /** The prompt-injection markers (as configured) the text contains, in any case. */
    public List<String> injectionMarkers(String text) {
        String normal = Phrase.normalize(text);
        String lower = Phrase.lower(normal);
        return markers.stream().filter(p -> p.find(normal, lower) >= 0).map(Phrase::text).toList();
    }

    /** What must not be in an output and is: "output filter 'github-token' at line 3", "secret anthropic-api-key at line 1". */
    public List<String> outputViolations(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Map.Entry<String, Pattern> filter = filters.get(i);
            if (!filterHints.get(i).allIn(text)) {
                continue;
            }
            for (Matcher m = filter.getValue().matcher(text); m.find();) {
                out.add("output filter '" + filter.getKey() + "' at line " + lineOf(text, m.start()));
            }
        }
        if (scanSecrets) {
            OutputScanner.scan(text).forEach(f -> out.add("secret " + f));
        }
        return out;
    }

    public SecretAction secretsInPrompts() {
        return secretsInPrompts;
    }

    /**
     * Keel's secret scanner on text bound for a model (a prompt, a task as queued): unchanged when clean;
     * else refused naming rule and line, or (secrets-in-prompts: redact) with each key masked to its prefix.
     */
    public Review promptSecrets(String text) {
        List<OutputScanner.Finding> found = OutputScanner.scan(text);
        if (found.isEmpty()) {
            return new Review(text, List.of(), null, Redaction.none(text));
        }
        String where = found.stream().map(OutputScanner.Finding::toString).distinct().collect(Collectors.joining(", "));
        if (secretsInPrompts == SecretAction.REDACT) {
            String masked = SecretMasker.maskKeys(text);
            if (OutputScanner.scan(masked).isEmpty()) {
                return new Review(masked, List.of("redacted " + found.size() + " secret(s) (" + where + ") before any call"), null,
                        Redaction.none(masked));
            }
        }
        return new Review(text, List.of(), "holds a secret (" + where + "); nothing was sent to a model", Redaction.none(text));
    }

    /** A task's prompt on its way to a model: redacted as the destination requires, refused on a blocked term or (by policy) an injection marker. */
    public Review inputReview(String prompt, boolean cloud) {
        Review secrets = promptSecrets(prompt);
        if (secrets.refused()) {
            return verdict(prompt, new ArrayList<>(), "the prompt " + secrets.refusal(), secrets.redaction());
        }
        prompt = secrets.text();
        List<String> actions = new ArrayList<>(secrets.actions());
        String call = cloud ? "the cloud call" : "the local call";
        boolean redacting = redactsFor(cloud);
        Redaction found = redact(prompt);
        Redaction redaction = redacting ? found : Redaction.none(prompt);
        if (!found.isEmpty()) {
            actions.add(redacting ? "redacted " + found.summary() + " before " + call
                    : "left " + found.summary() + " in for " + call + (cloud ? " (redact-before-cloud: false)" : " (local-sees-pii: true)"));
        }
        String refusal = blocked(prompt).map(term -> "blocked term '" + term + "' in the prompt").orElse(null);
        List<String> marks = injectionMarkers(prompt);
        if (!marks.isEmpty()) {
            String quoted = marks.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "));
            if (injectionAction == InjectionAction.REFUSE && refusal == null) {
                refusal = "prompt-injection marker(s) in the input: " + quoted;
            } else {
                actions.add("flagged prompt-injection marker(s) in the input: " + quoted);
            }
        }
        return verdict(redaction.text(), actions, refusal, redaction);
    }

    /** A model's answer on its way out: placeholders restored (restore-after-cloud), refused on a blocked term or an output filter. */
    public Review outputReview(String output, Redaction redaction) {
        List<String> actions = new ArrayList<>();
        String text = restore(output, redaction);
        if (!text.equals(output)) {
            actions.add("restored redacted values (" + redaction.summary() + ") where the answer repeats their placeholders");
        }
        String refusal = blocked(text).map(term -> "blocked term '" + term + "' in the output").orElse(null);
        List<String> violations = outputViolations(text);
        if (refusal == null && !violations.isEmpty()) {
            refusal = "output filters: " + String.join("; ", violations);
        }
        return verdict(text, actions, refusal, redaction == null ? Redaction.none(output) : redaction);
    }

    private static Review verdict(String text, List<String> actions, String refusal, Redaction redaction) {
        if (refusal != null) {
            actions.add("refused: " + refusal);
        }
        return new Review(text, actions, refusal, redaction);
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
