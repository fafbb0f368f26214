package dev.keel.router.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Literal text every match of a pattern contains, so a rule can skip its regular expression when the
 * request lacks it: each clause lists words one of which must be in the text, and every clause must hold.
 * {@code \b(write|fix|review)\b[^.]{0,60}\b(function|class|\w+\(\))} gives two clauses, the verbs and
 * {function, class, ()}: a substring search is far cheaper than trying every alternative at every
 * position, and most requests have a verb but not the noun. Built by reading the pattern's syntax;
 * anything it does not know (quoting, back references, code-point escapes) gives no clause, and a pattern
 * without clauses always runs. A case-insensitive pattern keeps only clauses of ASCII symbols and digits
 * ({@code <} of {@code (?i)<\s*insert}), which no case changes.
 */
public final class Hints {

    /** The clauses a check tries, most selective first: each costs a scan of the request per word. */
    private static final int CLAUSES = 3;

    public static final Hints NONE = new Hints(List.of());

    private final List<List<String>> clauses;
    /** The same as arrays: the check runs per pattern and request, and a list's iterator cost more than the search. */
    private final String[][] words;

    Hints(List<List<String>> clauses) {
        this.clauses = clauses.stream().map(List::copyOf).toList();
        this.words = this.clauses.stream().map(c -> c.toArray(String[]::new)).toArray(String[][]::new);
    }

    /** Each clause: words one of which every match contains. */
    public List<List<String>> clauses() {
        return clauses;
    }

    /** Flags that leave literals as they are; (?m) at a pattern's start shows up in its flags too. */
    private static final int PLAIN = Pattern.MULTILINE | Pattern.DOTALL | Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;

    public static Hints of(Pattern pattern) {
        int flags = pattern.flags();
        if ((flags & ~(PLAIN | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)) != 0) {
            return NONE;
        }
        return of(pattern.pattern(), (flags & (Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)) != 0);
    }

    static Hints of(String regex) {
        return of(regex, false);
    }

    private static Hints of(String regex, boolean caseless) {
        if (regex.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return NONE; // a quantifier after a surrogate pair applies to the pair: the reader walks chars and would split it
        }
        try {
            RegexLiterals literals = new RegexLiterals(regex);
            List<Set<String>> found = literals.alternation();
            if (!literals.ended()) {
                throw new RegexLiterals.Unknown();
            }
            boolean anyCase = caseless || literals.caseless;
            List<List<String>> useful = new ArrayList<>();
            for (Set<String> clause : found) {
                if (clause.stream().allMatch(Hints::selective) && (!anyCase || clause.stream().allMatch(Hints::caseFree))) {
                    useful.add(minimal(clause));
                }
            }
            useful.sort(Comparator.comparingInt((List<String> c) -> c.stream().mapToInt(String::length).min().orElse(0)).reversed());
            return new Hints(useful.subList(0, Math.min(CLAUSES, useful.size())));
        } catch (RegexLiterals.Unknown e) {
            return NONE;
        }
    }

    @Override
    public String toString() {
        return "Hints" + clauses;
    }

    /** Whether the pattern can match {@code text} as far as its literals tell (it may still not). */
    public boolean allIn(String text) {
        for (String[] clause : words) {
            if (!anyIn(clause, text)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyIn(String[] words, String text) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A blank word or a lone ASCII letter or digit is in nearly every request and would filter nothing. */
    static boolean selective(String word) {
        char c = word.charAt(0);
        return !word.isBlank() && (word.length() > 1 || c > 127 || !Character.isLetterOrDigit(c));
    }

    /** Only ASCII symbols and digits: no case-insensitive match reads them otherwise. */
    private static boolean caseFree(String word) {
        return word.chars().allMatch(c -> c < 128 && !Character.isLetter(c));
    }

    /** A word that holds another of the clause's words adds nothing: the shorter one is found wherever it is. */
    private static List<String> minimal(Set<String> clause) {
        return clause.stream().filter(w -> clause.stream().noneMatch(o -> !o.equals(w) && w.contains(o))).toList();
    }
}
