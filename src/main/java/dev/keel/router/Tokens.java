package dev.keel.router;

/**
 * Token estimate without a tokenizer: about 4 characters a token for Latin text, 1 a token for CJK
 * characters (they are mostly one token or more each). Good enough to compare against a context
 * window; the ledger records what providers report.
 */
public final class Tokens {

    private Tokens() {
    }

    public static long estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long cjk = text.codePoints().filter(Tokens::wide).count();
        long other = text.codePoints().count() - cjk;
        return cjk + (other + 3) / 4;
    }

    private static boolean wide(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
