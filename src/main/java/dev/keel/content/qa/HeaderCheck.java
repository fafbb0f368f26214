package dev.keel.content.qa;

import dev.keel.router.Tier;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The QA gate's look at an output's planned YAML header: required fields present, and the ones with a shape in it. */
final class HeaderCheck {

    private static final Pattern PROMPT = Pattern.compile("[\\w./-]+@[\\w.-]+");

    private HeaderCheck() {
    }

    static void check(Map<String, ?> header, List<String> required, boolean sourcesRequired, List<String> reasons) {
        for (String field : required) {
            if (blank(header.get(field))) {
                reasons.add("header: '" + field + "' is missing");
            }
        }
        if (sourcesRequired && blank(header.get("sources"))) {
            reasons.add("header: 'sources' is missing; the task requires sources");
        }
        Object prompt = header.get("prompt");
        if (!blank(prompt) && !PROMPT.matcher(prompt.toString()).matches()) {
            reasons.add("header: prompt '" + prompt + "' should read name@version");
        }
        Object date = header.get("date");
        if (!blank(date) && !isDate(date)) {
            reasons.add("header: date '" + date + "' is not an ISO-8601 date such as 2026-03-01");
        }
        Object tier = header.get("tier");
        if (!blank(tier) && List.of(Tier.values()).stream().noneMatch(t -> t.name().equalsIgnoreCase(tier.toString()))) {
            reasons.add("header: tier '" + tier + "' is not one of " + List.of(Tier.values()).toString().toLowerCase(Locale.ROOT));
        }
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank()
                || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
    }

    private static boolean isDate(Object value) {
        if (value instanceof TemporalAccessor || value instanceof Date) {
            return true;
        }
        String text = value.toString().strip();
        if (plainDateShape(text)) { // yyyy-mm-dd, as OutputHeader writes it: LocalDate.parse's formatter cost 1 % of a task (#20)
            try {
                LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
                return true;
            } catch (DateTimeException e) {
                return false; // no day of the calendar, and too short for a date-time
            }
        }
        for (Function<String, ?> parse : List.<Function<String, ?>>of(
                LocalDate::parse, OffsetDateTime::parse, LocalDateTime::parse)) {
            try {
                parse.apply(text);
                return true;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }

    private static boolean plainDateShape(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = text.charAt(i);
            if (i != 4 && i != 7 && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }
}
