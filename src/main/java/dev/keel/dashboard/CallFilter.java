package dev.keel.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The calls page's filters, checked: each is an exact match on one ledger column, and {@code day} a UTC date. */
public record CallFilter(String agent, String provider, String model, String tier, String outcome, LocalDate day) {

    /** From query parameters; a day that is not yyyy-MM-dd is a clear 400, not an empty page. */
    public static CallFilter of(Map<String, String> query) {
        LocalDate day = null;
        String d = blank(query.get("day"));
        if (d != null) {
            try {
                day = LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("day '" + d + "' is not a date like 2026-12-01");
            }
        }
        String tier = blank(query.get("tier"));
        return new CallFilter(limit(query.get("agent")), limit(query.get("provider")), limit(query.get("model")),
                tier == null ? null : tier.toUpperCase(java.util.Locale.ROOT), limit(query.get("outcome")), day);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String limit(String s) {
        String v = blank(s);
        if (v != null && v.length() > 200) {
            throw new IllegalArgumentException("a filter value is at most 200 characters");
        }
        return v;
    }

    /** {@code AND ...} for each filter set, its values appended to {@code params}. */
    String where(List<Object> params) {
        StringBuilder sql = new StringBuilder();
        column(sql, params, "caller", agent);
        column(sql, params, "provider", provider);
        column(sql, params, "model", model);
        column(sql, params, "tier", tier);
        column(sql, params, "outcome", outcome);
        if (day != null) {
            sql.append(" AND called_at >= ? AND called_at < ?");
            params.add(day.atStartOfDay().toInstant(ZoneOffset.UTC));
            params.add(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        return sql.toString();
    }

    private static void column(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    /** The same filters on a rollup table (day there is the bucket). */
    String rollupWhere(List<Object> params, Instant from) {
        List<Object> own = new ArrayList<>();
        String sql = new CallFilter(agent, provider, model, tier, outcome, null).where(own);
        params.addAll(own);
        if (day != null) {
            params.add(day.atStartOfDay().toInstant(ZoneOffset.UTC));
            params.add(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            return sql + " AND bucket >= ? AND bucket < ?";
        }
        params.add(from);
        return sql + " AND bucket >= ?";
    }
}
