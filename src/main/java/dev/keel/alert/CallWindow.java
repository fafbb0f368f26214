package dev.keel.alert;

import dev.keel.db.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Calls and failed calls per provider over the last five minutes, for the error-rate rule. The
 * first read counts the window from the table; later reads add only the rows past the highest
 * sequence seen (the ledger's seq, as the dashboard's rollup reads it) into per-second buckets and
 * drop buckets that left the window, so a round reads the calls of one interval, not of five
 * minutes (at 500 calls/s that was 150,000 rows every round).
 */
final class CallWindow {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private record Bucket(long second, Map<String, long[]> calls) {
    }

    private final Jdbc jdbc;
    private final Deque<Bucket> buckets = new ArrayDeque<>();
    private long seen = -1;

    CallWindow(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** provider -> {calls, failed} since {@code now} minus five minutes. */
    synchronized Map<String, long[]> counts(Instant now) {
        Instant from = now.minus(WINDOW);
        if (seen < 0) {
            // the window's rows once (the (called_at, seq) index), up to the highest seq now; then only what is past it
            long top = jdbc.list("SELECT COALESCE(MAX(seq), 0) FROM keel_model_call", r -> r.getLong(1)).get(0);
            jdbc.list("SELECT seq, called_at, provider, outcome FROM keel_model_call WHERE called_at > ? AND seq <= ? ORDER BY seq", r -> {
                add(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), r.getString(4));
                return null;
            }, from, top);
            seen = top;
        } else {
            jdbc.list("SELECT seq, called_at, provider, outcome FROM keel_model_call WHERE seq > ? ORDER BY seq", r -> {
                add(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), r.getString(4));
                return null;
            }, seen);
        }
        while (!buckets.isEmpty() && buckets.peekFirst().second() <= from.getEpochSecond()) {
            buckets.pollFirst();
        }
        Map<String, long[]> counts = new HashMap<>();
        for (Bucket b : buckets) {
            b.calls().forEach((provider, c) -> {
                long[] sum = counts.computeIfAbsent(provider, p -> new long[2]);
                sum[0] += c[0];
                sum[1] += c[1];
            });
        }
        return counts;
    }

    private void add(long seq, Instant at, String provider, String outcome) {
        seen = Math.max(seen, seq);
        long second = at.getEpochSecond();
        // rows come in seq order, nearly in time order: a row older than the newest bucket joins it
        Bucket last = buckets.peekLast();
        if (last == null || second > last.second()) {
            last = new Bucket(second, new HashMap<>());
            buckets.addLast(last);
        }
        long[] c = last.calls().computeIfAbsent(provider, p -> new long[2]);
        c[0]++;
        if (!"ok".equals(outcome)) {
            c[1]++;
        }
    }
}
