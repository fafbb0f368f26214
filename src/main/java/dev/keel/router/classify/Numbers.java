package dev.keel.router.classify;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the numbers people write when they describe an input's size: digits with separators
 * ("40,000", "2.300"), suffixes ("110k", "5M"), number words in English, German, French and Spanish
 * ("three", "dozens", "tens of thousands", "drei", "trois", "tres") and Chinese/Japanese numerals
 * ("五十万").
 */
final class Numbers {

    private static final Map<String, Double> WORDS = words();

    /** A number as written; used inside larger patterns, so it has no groups of its own. */
    static final String PATTERN = "(?:\\d{1,3}(?:[,.\\s]\\d{3})+|\\d+(?:[.,]\\d+)?)(?:\\s?(?:k|m|mio|mn|million|millions|millionen|millones|thousand|tausend)\\b)?"
            + "|[〇零一二两三四五六七八九十百千万亿\\d]*[一二两三四五六七八九十百千万亿][〇零一二两三四五六七八九十百千万亿]*"
            + "|\\b(?:" + WORDS.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b";

    private Numbers() {
    }

    static double parse(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        Double word = WORDS.get(text);
        if (word != null) {
            return word;
        }
        if (text.codePoints().anyMatch(c -> "〇零一二两三四五六七八九十百千万亿".indexOf(c) >= 0)) {
            return cjk(text);
        }
        String digits = text.replaceAll("[^\\d.,\\s]", "").trim();
        double multiplier = text.matches(".*\\d\\s?(k|thousand|tausend)$") ? 1e3
                : text.matches(".*\\d\\s?(m|mio|mn|million|millions|millionen|millones)$") ? 1e6 : 1;
        // A separator followed by exactly three digits groups thousands ("40,000", "900.000"); else it is a decimal point.
        String plain = digits.matches("\\d{1,3}([,.\\s]\\d{3})+") ? digits.replaceAll("[,.\\s]", "") : digits.replace(',', '.');
        try {
            return Double.parseDouble(plain) * multiplier;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double cjk(String text) {
        double total = 0;
        double section = 0;
        double digit = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int d = "零一二三四五六七八九".indexOf(c);
            if (c == '两') {
                d = 2;
            } else if (c == '〇') {
                d = 0;
            }
            if (d >= 0 || Character.isDigit(c)) {
                digit = digit * 10 + (d >= 0 ? d : c - '0');
            } else if (c == '十' || c == '百' || c == '千') {
                section += (digit == 0 ? 1 : digit) * (c == '十' ? 10 : c == '百' ? 100 : 1000);
                digit = 0;
            } else if (c == '万' || c == '亿') {
                total += (section + digit == 0 ? 1 : section + digit) * (c == '万' ? 1e4 : 1e8);
                section = 0;
                digit = 0;
            }
        }
        return total + section + digit;
    }

    private static Map<String, Double> words() {
        Map<String, Double> w = new LinkedHashMap<>();
        put(w, 1, "a", "an", "one", "ein", "eine", "einem", "einer", "un", "une", "uno", "una");
        put(w, 2, "two", "zwei", "deux", "dos");
        put(w, 3, "three", "drei", "trois", "tres");
        put(w, 4, "four", "vier", "quatre", "cuatro");
        put(w, 5, "five", "fünf", "cinq", "cinco");
        put(w, 6, "six", "sechs", "seis");
        put(w, 7, "seven", "sieben", "sept", "siete");
        put(w, 8, "eight", "acht", "huit", "ocho");
        put(w, 9, "nine", "neun", "neuf", "nueve");
        put(w, 10, "ten", "zehn", "dix", "diez");
        put(w, 12, "twelve", "zwölf", "douze", "doce", "a dozen", "dozen");
        put(w, 15, "fifteen", "fünfzehn", "quinze", "quince");
        put(w, 18, "eighteen", "achtzehn", "dix-huit", "dieciocho");
        put(w, 20, "twenty", "zwanzig", "vingt", "veinte", "dizaines", "decenas");
        put(w, 24, "dozens", "dutzende", "douzaines", "docenas");
        put(w, 30, "thirty", "dreißig", "trente", "treinta");
        put(w, 40, "forty", "vierzig", "quarante", "cuarenta");
        put(w, 50, "fifty", "fünfzig", "cinquante", "cincuenta");
        put(w, 100, "a hundred", "hundred", "hundert", "cent", "cien");
        put(w, 200, "hundreds", "hunderte", "centaines", "cientos");
        put(w, 2000, "thousands", "tausende", "milliers", "miles");
        put(w, 20000, "tens of thousands", "zehntausende", "des dizaines de milliers", "decenas de miles");
        put(w, 200000, "hundreds of thousands", "hunderttausende", "des centaines de milliers", "cientos de miles");
        put(w, 2000000, "millions", "millionen", "millones");
        return w;
    }

    private static void put(Map<String, Double> map, double value, String... words) {
        for (String word : words) {
            map.put(word, value);
        }
    }
}
