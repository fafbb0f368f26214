package dev.keel.content.safety;

import dev.keel.content.qa.References;
import dev.keel.router.classify.Hints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds emails, IBANs (mod-97 checked) and payment card numbers (Luhn checked); phones are {@link PhoneFinder}'s. */
final class PiiFinder {

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}\\b");
    private static final Pattern IBAN = Pattern.compile(
            "\\b[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])[2-6]\\d{2,5}(?:[ -]?\\d){10,16}(?!\\d|-\\d)");
    /** The literals an email needs ("@"): a text without them skips the regex. */
    private static final Hints EMAIL_HINTS = Hints.of(EMAIL);
    /** The fewest digits a card number the CARD pattern takes has. */
    private static final int CARD_DIGITS = 13;
    private static final Pattern CARD_GROUPS = Pattern.compile("\\d{4}(?:([ -])\\d{3,6})(?:\\1\\d{3,6}){0,3}");

    private PiiFinder() {
    }

    static List<PiiSpan> find(PiiType type, String text) {
        return switch (type) {
            case EMAIL -> emails(text);
            case IBAN -> ibans(text);
            case CARD -> cards(text);
            case PHONE -> PhoneFinder.find(text);
        };
    }

    private static List<PiiSpan> emails(String text) {
        List<PiiSpan> out = new ArrayList<>();
        if (!EMAIL_HINTS.allIn(text)) {
            return out;
        }
        for (Matcher m = EMAIL.matcher(text); m.find();) {
            out.add(new PiiSpan(PiiType.EMAIL, m.start(), m.end(), m.group().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static List<PiiSpan> ibans(String text) {
        List<PiiSpan> out = new ArrayList<>();
        for (Matcher m = IBAN.matcher(text); m.find();) {
            // a grouped IBAN may have taken the next word as a last group: shorten by groups until it checks
            for (int end = m.end(); end > m.start(); end = text.lastIndexOf(' ', end - 1)) {
                String compact = text.substring(m.start(), end).replace(" ", "");
                if (ibanChecks(compact)) {
                    out.add(new PiiSpan(PiiType.IBAN, m.start(), end, compact));
                    break;
                }
            }
        }
        return out;
    }

    /** ISO 13616: length 15 to 34, and the number read with its first four characters moved to the end, mod 97, is 1. */
    static boolean ibanChecks(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int rest = 0;
        for (char c : moved.toCharArray()) {
            int v = Character.digit(c, 36);
            rest = (v > 9 ? rest * 100 + v : rest * 10 + v) % 97;
        }
        return rest == 1;
    }

    private static List<PiiSpan> cards(String text) {
        List<PiiSpan> out = new ArrayList<>();
        if (text.chars().filter(c -> c >= '0' && c <= '9').count() < CARD_DIGITS) {
            return out; // [2-6]\d{2,5}(?:[ -]?\d){10,16} needs 13 digits at least
        }
        for (Matcher m = CARD.matcher(text); m.find();) {
            if (References.precede(text, m.start())) {
                continue;
            }
            // a grouped number may have taken a following number as a last group: shorten by groups until it checks
            for (int end = m.end(); end > m.start(); end = Math.max(text.lastIndexOf(' ', end - 1), text.lastIndexOf('-', end - 1))) {
                String raw = text.substring(m.start(), end);
                String digits = raw.replaceAll("\\D", "");
                boolean grouped = digits.length() == raw.length() || CARD_GROUPS.matcher(raw).matches();
                if (digits.length() >= 13 && digits.length() <= 19 && grouped && luhn(digits)) {
                    out.add(new PiiSpan(PiiType.CARD, m.start(), end, digits));
                    break;
                }
            }
        }
        return out;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }
}
