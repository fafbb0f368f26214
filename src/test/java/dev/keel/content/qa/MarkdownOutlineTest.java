package dev.keel.content.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownOutlineTest {

    /** The definition of a word the hand-written count replaces. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019-][\\p{L}\\p{N}]+)*");

    private static int regexWords(String text) {
        int n = 0;
        for (Matcher m = WORD.matcher(text); m.find();) {
            n++;
        }
        return n;
    }

    @Test
    void joinersBetweenLettersKeepOneWord() {
        assertThat(MarkdownOutline.words("don't stop: well-known, rock\u2019n\u2019roll")).isEqualTo(4);
        assertThat(MarkdownOutline.words("a - b -- c' 'd x--y")).isEqualTo(6);
        assertThat(MarkdownOutline.words("Ⅻ ½ 42 𝐀𝐁 中文")).as("numbers of every kind and letters beyond the BMP").isEqualTo(5);
    }

    @Test
    void countsAsTheWordRegexDoesOnGeneratedText() {
        String alphabet = "ab1Ⅻ½ é-'\u2019 .,\t𝐀中_`#";
        Random random = new Random(20);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(24); k > 0; k--) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            assertThat(MarkdownOutline.words(text.toString())).as("'%s'", text).isEqualTo(regexWords(text.toString()));
        }
    }

    @Test
    void headingsCodeAndFencesAreReadAsBefore() {
        MarkdownOutline outline = new MarkdownOutline("# Title #\n\nplain `code` line\n```\n# not a heading\n```\n  ## Two\n");

        assertThat(outline.headings()).containsExactly(new MarkdownOutline.Heading(1, "Title", 1), new MarkdownOutline.Heading(2, "Two", 7));
        assertThat(outline.prose()).extracting(MarkdownOutline.Line::text).containsExactly("# Title #", "", "plain   line", "  ## Two", "");
    }
}
