package dev.keel.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.content.safety.SafetyConfig;
import dev.keel.router.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HintsTest {

    private static final RoutingRules RULES = RoutingRules.builtIn();
    private static List<String> texts;

    @Test
    void aSequenceNeedsTheLiteralsOfEachOfItsParts() {
        assertThat(Hints.of("\\b(write|fix)\\b[^.]{0,60}\\b(function|\\w+\\(\\))").clauses())
                .containsExactlyInAnyOrder(List.of("write", "fix"), List.of("function", "()"));
        assertThat(Hints.of("\\bwhat (do|should) we do\\b").clauses()).contains(List.of("what "), List.of(" we do"));
    }

    @Test
    void optionalPartsAndLookaroundsGiveNoLiteral() {
        assertThat(Hints.of("(?<=so )colou?r(s)?(?!x)").clauses()).containsExactly(List.of("colo"));
        assertThat(Hints.of("ab+c").clauses()).containsExactly(List.of("ab"));
        assertThat(Hints.of("(foo)?bar|baz").clauses()).containsExactly(List.of("bar", "baz"));
    }

    @Test
    void anAlternativeWithoutALiteralMeansThePatternAlwaysRuns() {
        assertThat(Hints.of("(approve|\\d+ hires|[a-z]+)").clauses()).isEmpty();
        assertThat(Hints.of("x*").clauses()).isEmpty();
    }

    @Test
    void syntaxItDoesNotReadGivesNoLiteral() {
        assertThat(Hints.of("(?x)approve").clauses()).isEmpty();
        assertThat(Hints.of("\\Qa.b\\E").clauses()).isEmpty();
        assertThat(Hints.of("(a)\\1").clauses()).isEmpty();
        assertThat(Hints.of(Pattern.compile("approve", Pattern.COMMENTS)).clauses()).isEmpty();
        assertThat(Hints.of("(?m)^diff --git").clauses()).containsExactly(List.of("diff --git"));
    }

    @Test
    void aCaseInsensitivePatternKeepsOnlyLiteralsNoCaseChanges() {
        assertThat(Hints.of(Pattern.compile("(?i)<\\s*(?:insert|your)\\b[^>]{0,60}>")).clauses()).containsExactly(List.of("<"), List.of(">"));
        assertThat(Hints.of(Pattern.compile("approve", Pattern.CASE_INSENSITIVE)).clauses()).isEmpty();
        assertThat(Hints.of(Pattern.compile("x(?i:abc)\\{")).clauses()).containsExactly(List.of("{"));
        assertThat(Hints.of(Pattern.compile("(?i)<insert>")).allIn("<INSERT>")).isTrue();
    }

    @Test
    void aClassOfSymbolsGivesEachSymbol() {
        assertThat(Hints.of("[$€£]\\d+").clauses()).containsExactly(List.of("$", "€", "£"));
        assertThat(Hints.of("[a-z$]\\d+").clauses()).isEmpty();
    }

    @Test
    void everyBuiltInPatternThatMatchesHasItsLiteralsInTheText() {
        int matches = 0;
        for (String text : texts()) {
            for (Rule rule : RULES.rules()) {
                for (int i = 0; i < rule.patterns().size(); i++) {
                    if (rule.patterns().get(i).matcher(text).find()) {
                        matches++;
                        assertThat(rule.hints().get(i).allIn(text)).as("rule %s pattern %d on %s", rule.id(), i, text).isTrue();
                    }
                }
            }
        }
        assertThat(matches).as("texts on which patterns match").isGreaterThan(20_000);
    }

    @Test
    void theBuiltInTemplateMarkersThatMatchHaveTheirLiteralsInTheLine() {
        List<Pattern> markers = SafetyConfig.builtIn().qa().templateMarkers();
        List<String> pieces = List.of("{{", "}}", "<", ">", "[", "]", " ", "Insert", "YOUR", "placeholder", "Fill In", "add", "name",
                "enter", "\n", "x", "{", "}");
        Random random = new Random(8);
        int matches = 0;
        for (int t = 0; t < 20_000; t++) {
            StringBuilder line = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                line.append(pieces.get(random.nextInt(pieces.size())));
            }
            for (Pattern marker : markers) {
                if (marker.matcher(line).find()) {
                    matches++;
                    assertThat(Hints.of(marker).allIn(line.toString())).as("%s on %s", marker, line).isTrue();
                }
            }
        }
        assertThat(matches).isGreaterThan(1_000);
    }

    @Test
    void theVerdictsAreThoseOfTheRulesWithoutHints() {
        ContentClassifier hinted = new ContentClassifier(RULES);
        ContentClassifier plain = new ContentClassifier(new RoutingRules(RULES.criticalThreshold(), RULES.reasoningThreshold(),
                RULES.longPromptTokens(), RULES.longPromptWeight(), RULES.rules().stream().map(HintsTest::withoutHints).toList(),
                RULES.source()));
        for (String text : texts()) {
            long tokens = Tokens.estimate(text);
            assertThat(hinted.classify(text, tokens)).as(text).isEqualTo(plain.classify(text, tokens));
        }
    }

    private static Rule withoutHints(Rule r) {
        return new Rule(r.id(), r.says(), r.critical(), r.reasoning(), r.patterns(), r.quantity(), r.floor(), r.requires(), r.gate(),
                r.patterns().stream().map(p -> Hints.NONE).toList());
    }

    /**
     * The labelled prompts and, from each, variants with pieces of the rules spliced in: the literals the hints
     * name, the patterns' alternatives with their syntax stripped, and cuts of the prompts themselves.
     */
    private static synchronized List<String> texts() {
        if (texts == null) {
            texts = generated();
        }
        return texts;
    }

    private static List<String> generated() {
        List<String> prompts = new ArrayList<>();
        for (String set : List.of("dev", "holdout", "holdout2")) {
            LabelledPrompts.read(Path.of("src/test/resources/routing/" + set + ".jsonl")).forEach(p -> prompts.add(p.text()));
        }
        List<String> pieces = new ArrayList<>();
        for (Rule rule : RULES.rules()) {
            rule.hints().forEach(h -> h.clauses().forEach(pieces::addAll));
            for (Pattern p : rule.patterns()) {
                for (String alternative : p.pattern().split("\\|")) {
                    String plain = alternative.replaceAll("\\\\[bdswp]|[()?:*+\\[\\]{}^$\\\\]|\\d,\\d+", "");
                    if (!plain.isBlank()) {
                        pieces.add(plain.replace(".", " "));
                    }
                }
            }
        }
        Random random = new Random(20);
        List<String> texts = new ArrayList<>();
        for (String prompt : prompts) {
            texts.add(prompt.toLowerCase(Locale.ROOT));
            for (int v = 0; v < 30; v++) {
                StringBuilder text = new StringBuilder(prompt.toLowerCase(Locale.ROOT));
                for (int k = 1 + random.nextInt(6); k > 0; k--) {
                    int at = random.nextInt(text.length() + 1);
                    String piece = random.nextInt(4) == 0 ? prompts.get(random.nextInt(prompts.size())).toLowerCase(Locale.ROOT)
                            : pieces.get(random.nextInt(pieces.size()));
                    int from = random.nextInt(Math.max(1, piece.length() / 2));
                    text.insert(at, (random.nextBoolean() ? " " : "") + piece.substring(from, from + Math.min(piece.length() - from,
                            1 + random.nextInt(80))) + (random.nextBoolean() ? " " : ""));
                }
                if (random.nextInt(3) == 0 && text.length() > 10) {
                    int cut = random.nextInt(text.length() - 5);
                    text.delete(cut, cut + random.nextInt(Math.min(40, text.length() - cut)));
                }
                texts.add(text.toString());
            }
        }
        return texts;
    }
}
