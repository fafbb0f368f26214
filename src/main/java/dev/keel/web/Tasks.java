package dev.keel.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Task ids of work that came in over HTTP: {@code yyyyMMdd-<12 hex>}. The day tells which archive
 * folders to look in; the inbox file is named {@code <task>--<name>}, so the file is the task.
 */
public final class Tasks {

    public static final Pattern ID = Pattern.compile("(\\d{8})-[0-9a-f]{12}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tasks() {
    }

    public static String newId(Clock clock) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(DAY) + "-" + HexFormat.of().formatHex(bytes);
    }

    public static String fileName(String task, String name) {
        return task + "--" + name;
    }

    static LocalDate day(String task) {
        return LocalDate.parse(task.substring(0, 8), DAY);
    }

    /** True when the id names a real day from {@code retentionDays} before {@code today} to the day after it. */
    static boolean within(String task, LocalDate today, int retentionDays) {
        LocalDate day;
        try {
            day = day(task);
        } catch (java.time.DateTimeException e) {
            return false;
        }
        return !day.isBefore(today.minusDays(retentionDays + 1L)) && !day.isAfter(today.plusDays(1));
    }
}
