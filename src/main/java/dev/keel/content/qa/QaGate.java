package dev.keel.content.qa;

import dev.keel.content.safety.Phrase;
import dev.keel.content.qa.MarkdownOutline.Heading;
import dev.keel.content.qa.MarkdownOutline.Line;
import dev.keel.router.classify.Hints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a model's output before it is published: header fields, the sources section, heading
 * structure, length, leftover template markers and boilerplate refusals. Pure; every failed check is
 * one reason saying what is wrong and what was expected.
 */
public final class QaGate {

    private static final Pattern LIST_ITEM = Pattern.compile("^\\s{0,3}(?:[-*+]|\\d{1,3}[.)])\\s+(.+)$");
    private static final Pattern CITATION = Pattern.compile(
            "(?i)https?://\\S+|\\[[^\\]]+\\]\\([^)]+\\)|\\bdoi:\\s*10\\.|\\b10\\.\\d{4,9}/\\S+|\\bISBN[- :]*[\\dX-]{10,17}"
                    + "|^(?=.*\\b(?:1[5-9]|20)\\d{2}[a-z]?\\b)(?=(?:.*?\\p{L}{2,}){3}).*");

    private final QaRules rules;
    private final List<Phrase> refusals;
    /** Each template marker's literals (router/classify/Hints): a line without them skips that marker's regex. */
    private final List<Hints> markerHints;

    public QaGate(QaRules rules) {
        this.rules = rules;
        this.refusals = rules.refusals().stream().map(Phrase::of).toList();
        this.markerHints = rules.templateMarkers().stream().map(Hints::of).toList();
    }

    /** The output's planned header and Markdown body; {@code requiredSources} is the task's minimum (0: sources not required). */
    public QaResult check(Map<String, ?> header, String body, int requiredSources) {
        return check(header, new MarkdownOutline(body), requiredSources);
    }

    /** The same on a body already read into an outline (the content worker reads it once for the sources and the check). */
    public QaResult check(Map<String, ?> header, MarkdownOutline outline, int requiredSources) {
        List<String> reasons = new ArrayList<>();
        HeaderCheck.check(header, rules.requiredHeader(), requiredSources > 0, reasons);
        sources(outline, requiredSources, reasons);
        headings(outline, reasons);
        length(outline, reasons);
        markers(outline, reasons);
        return QaResult.of(reasons);
    }

    /** The list entries of the body's sources section (empty when it has none), for the output header. */
    public List<String> sources(String body) {
        return sources(new MarkdownOutline(body));
    }

    public List<String> sources(MarkdownOutline outline) {
        Heading section = sourcesHeading(outline);
        List<String> entries = new ArrayList<>();
        if (section != null) {
            for (Line line : outline.section(section)) {
                Matcher item = LIST_ITEM.matcher(line.text());
                if (item.matches()) {
                    entries.add(item.group(1).strip());
                }
            }
        }
        return entries;
    }

    private Heading sourcesHeading(MarkdownOutline outline) {
        return outline.headings().stream()
                .filter(h -> rules.sourcesHeadings().stream().anyMatch(name -> name.equalsIgnoreCase(h.text().replaceAll(":$", "").strip())))
                .findFirst().orElse(null);
    }

    private void sources(MarkdownOutline outline, int required, List<String> reasons) {
        Heading section = sourcesHeading(outline);
        if (section == null) {
            if (required > 0) {
                reasons.add("sources: no " + String.join(" or ", rules.sourcesHeadings()) + " section; the task requires "
                        + entries(required));
            }
            return;
        }
        int good = 0;
        for (Line line : outline.section(section)) {
            Matcher item = LIST_ITEM.matcher(line.text());
            if (!item.matches()) {
                continue;
            }
            if (CITATION.matcher(item.group(1)).find()) {
                good++;
            } else {
                reasons.add("sources: entry '" + shorten(item.group(1)) + "' (line " + line.number()
                        + ") is not a link or a citation (author, title, year)");
            }
        }
        if (good < required) {
            reasons.add("sources: " + entries(good) + ", the task requires " + required);
        }
    }

    private void headings(MarkdownOutline outline, List<String> reasons) {
        List<Heading> h1 = outline.headings().stream().filter(h -> h.level() == 1).toList();
        String lines = h1.stream().map(h -> String.valueOf(h.line())).collect(Collectors.joining(", "));
        switch (rules.h1()) {
            case ONE -> {
                if (h1.size() != 1) {
                    reasons.add("format: " + (h1.isEmpty() ? "no H1 heading" : h1.size() + " H1 headings (lines " + lines + ")")
                            + "; exactly one is expected");
                }
            }
            case NONE -> {
                if (!h1.isEmpty()) {
                    reasons.add("format: H1 heading at line " + lines + "; the title belongs in the header only (qa.h1: none)");
                }
            }
            case AT_MOST_ONE -> {
                if (h1.size() > 1) {
                    reasons.add("format: " + h1.size() + " H1 headings (lines " + lines + "); at most one is expected");
                }
            }
        }
        // how many H1s there are is the rule above; below it, a heading goes at most one level deeper
        int previous = 0;
        for (Heading h : outline.headings()) {
            if (previous == 0 && h.level() > 2) {
                reasons.add("format: heading '" + shorten(h.text()) + "' (line " + h.line() + ") is H" + h.level()
                        + ", the first heading; start at H1 or H2");
            } else if (previous > 0 && h.level() > previous + 1) {
                reasons.add("format: heading '" + shorten(h.text()) + "' (line " + h.line() + ") is H" + h.level()
                        + " under an H" + previous + "; use H" + (previous + 1));
            }
            previous = h.level();
        }
    }

    private void length(MarkdownOutline outline, List<String> reasons) {
        int words = outline.words();
        if (words < rules.minWords()) {
            reasons.add("length: " + words + " words, at least " + rules.minWords() + " expected");
        } else if (rules.maxWords() > 0 && words > rules.maxWords()) {
            reasons.add("length: " + words + " words, at most " + rules.maxWords() + " allowed");
        }
    }

    private void markers(MarkdownOutline outline, List<String> reasons) {
        for (Line line : outline.prose()) {
            for (int i = 0; i < markerHints.size(); i++) {
                if (!markerHints.get(i).allIn(line.text())) {
                    continue;
                }
                for (Matcher m = rules.templateMarkers().get(i).matcher(line.text()); m.find();) {
                    reasons.add("template: leftover marker '" + shorten(m.group()) + "' at line " + line.number());
                }
            }
            String normal = Phrase.normalize(line.text());
            String lower = Phrase.lower(normal);
            for (Phrase refusal : refusals) {
                if (refusal.find(normal, lower) >= 0) {
                    reasons.add("refusal: boilerplate '" + refusal.text() + "' at line " + line.number()
                            + "; the model declined or hedged, retry on another tier or rework the prompt");
                }
            }
        }
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    private static String shorten(String text) {
        String s = text.strip();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
