package dev.keel.content.qa;

import dev.keel.content.safety.SafetyYaml;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The QA gate's settings, the {@code qa:} section of safety.yaml (its comments document each).
 * {@link #defaults()} is the built-in file's section.
 */
public record QaRules(List<String> requiredHeader, List<String> sourcesHeadings, H1 h1, int minWords, int maxWords,
                      List<Pattern> templateMarkers, List<String> refusals) {

    /** How many H1 headings the body may have. */
    public enum H1 { ONE, NONE, AT_MOST_ONE }

    public QaRules {
        requiredHeader = List.copyOf(requiredHeader);
        sourcesHeadings = List.copyOf(sourcesHeadings);
        templateMarkers = List.copyOf(templateMarkers);
        refusals = List.copyOf(refusals);
    }

    public static QaRules defaults() {
        return from(SafetyYaml.builtIn());
    }

    public static QaRules from(SafetyYaml yaml) {
        int min = yaml.count("qa.min-words");
        int max = yaml.count("qa.max-words");
        if (max > 0 && min > max) {
            throw yaml.error("qa.min-words (" + min + ") is over qa.max-words (" + max + ")");
        }
        return new QaRules(yaml.strings("qa.required-header"), yaml.strings("qa.sources-headings"),
                yaml.choice("qa.h1", H1.class), min, max, yaml.regexes("qa.template-markers"), yaml.strings("qa.refusals"));
    }
}
