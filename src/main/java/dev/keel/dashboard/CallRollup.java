package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Keeps keel_call_rollup_hour and keel_call_rollup_day up to date from the ledger, on a timer: the rows past the watermark
 * (keel_call_rollup_mark) are summed per UTC hour/day, provider, model, agent, tier and outcome and added in one transaction
 * with the new watermark, so each ledger row counts once. The ledger's write path is not touched. It reads only up to the
 * highest sequence its previous run saw: a row whose transaction took a lower sequence but committed later is not skipped.
 */
public final class CallRollup {

    static final String MARK = "calls";
    private static final int CHUNK = 50_000;
    private static final int BATCH = 1_000;
    private static final String COLUMNS = "calls, input_tokens, output_tokens, cached_input_tokens, cost_usd, latency_ms,"
            + " lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9";

    /** One group's sums. */
    static final class Sums {
        long calls;
        long input;
        long output;
        long cached;
        double cost;
        long latency;
        final long[] histogram = new long[Latency.BOUNDS.length];

        Sums copy() {
            Sums c = new Sums();
            merge(c, this);
            return c;
        }

        void add(long in, long out, long cachedIn, double usd, long millis) {
            calls++;
            input += in;
            output += out;
            cached += cachedIn;
            cost += usd;
            latency += millis;
            histogram[Latency.bucket(millis)]++;
        }
    }

    record Key(Instant bucket, String provider, String model, String caller, String tier, String outcome) {
    }

    private final Jdbc jdbc;
    private long seen = -1;

    public CallRollup(Supplier<DataSource> dataSource) {
        this.jdbc = new Jdbc(dataSource, "call rollup");
    }

    /** Adds what the ledger gained; returns the number of ledger rows rolled up. */
    public synchronized long run() {
        long max = jdbc.first("SELECT COALESCE(MAX(seq), 0) FROM keel_model_call", r -> r.getLong(1)).orElse(0L);
        long upto = seen < 0 ? -1 : Math.min(max, seen);
        seen = max;
        long rolled = 0;
        while (upto >= 0) {
            long from = mark();
            if (from >= upto) {
                break;
            }
            long to = Math.min(upto, from + CHUNK);
            rolled += chunk(from, to);
        }
        return rolled;
    }

    /** Rolls up everything now, without waiting a run (the bench and tests, where no write is in flight). */
    public synchronized long catchUp() {
        seen = jdbc.first("SELECT COALESCE(MAX(seq), 0) FROM keel_model_call", r -> r.getLong(1)).orElse(0L);
        return run();
    }

    /** The highest ledger sequence rolled up. */
    public long mark() {
        return jdbc.first("SELECT last_seq FROM keel_call_rollup_mark WHERE name = ?", r -> r.getLong(1), MARK).orElse(0L);
    }

    private long chunk(long from, long to) {
        Map<Key, Sums> hours = new HashMap<>();
        long[] count = {0};
        jdbc.list("SELECT called_at, provider, model, caller, tier, outcome, input_tokens, output_tokens, cached_input_tokens, cost_usd,"
                + " latency_ms FROM keel_model_call WHERE seq > ? AND seq <= ?", r -> {
                    Instant hour = r.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
                    hours.computeIfAbsent(new Key(hour, r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)),
                            k -> new Sums()).add(r.getLong(7), r.getLong(8), r.getLong(9), r.getDouble(10), r.getLong(11));
                    count[0]++;
                    return null;
                }, from, to);
        Map<Key, Sums> days = new HashMap<>();
        hours.forEach((k, s) -> merge(days.computeIfAbsent(new Key(k.bucket().truncatedTo(ChronoUnit.DAYS), k.provider(), k.model(),
                k.caller(), k.tier(), k.outcome()), d -> new Sums()), s));
        jdbc.transaction(c -> {
            // a second node rolling up at the same time loses here and rolls back: each row counts once
            int moved = Jdbc.update(c, "UPDATE keel_call_rollup_mark SET last_seq = ? WHERE name = ? AND last_seq = ?", to, MARK, from);
            if (moved == 0 && (from > 0 || Jdbc.update(c, "INSERT INTO keel_call_rollup_mark (name, last_seq) VALUES (?, ?)", MARK, to) == 0)) {
                throw new SQLException("the rollup watermark moved under this run");
            }
            add(c, "keel_call_rollup_hour", hours);
            add(c, "keel_call_rollup_day", days);
            return null;
        });
        return count[0];
    }

    private static void merge(Sums into, Sums s) {
        into.calls += s.calls;
        into.input += s.input;
        into.output += s.output;
        into.cached += s.cached;
        into.cost += s.cost;
        into.latency += s.latency;
        for (int i = 0; i < s.histogram.length; i++) {
            into.histogram[i] += s.histogram[i];
        }
    }

    private static void add(Connection c, String table, Map<Key, Sums> groups) throws SQLException {
        String where = " WHERE bucket = ? AND provider = ? AND model = ? AND caller = ? AND tier = ? AND outcome = ?";
        StringBuilder set = new StringBuilder();
        for (String column : COLUMNS.split(",\\s*")) {
            set.append(set.isEmpty() ? "" : ", ").append(column).append(" = ").append(column).append(" + ?");
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET " + set + where);
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (bucket, provider, model, caller, tier, outcome, "
                     + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            // batched: a chunk of 50,000 ledger rows is up to ~50,000 groups, one round trip each would be most of a catch-up
            List<Map.Entry<Key, Sums>> entries = new java.util.ArrayList<>(groups.entrySet());
            for (int from = 0; from < entries.size(); from += BATCH) {
                List<Map.Entry<Key, Sums>> part = entries.subList(from, Math.min(entries.size(), from + BATCH));
                for (Map.Entry<Key, Sums> e : part) {
                    Jdbc.bind(update, concat(values(e.getValue()), key(e.getKey())));
                    update.addBatch();
                }
                int[] updated = update.executeBatch();
                boolean inserts = false;
                for (int i = 0; i < part.size(); i++) {
                    if (updated[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                        throw new SQLException("the driver did not say whether a rollup row was updated");
                    }
                    if (updated[i] == 0) {
                        Jdbc.bind(insert, concat(key(part.get(i).getKey()), values(part.get(i).getValue())));
                        insert.addBatch();
                        inserts = true;
                    }
                }
                if (inserts) {
                    insert.executeBatch();
                }
            }
        }
    }

    private static List<Object> key(Key k) {
        return List.of(k.bucket(), k.provider(), k.model(), k.caller(), k.tier(), k.outcome());
    }

    private static List<Object> values(Sums s) {
        List<Object> v = new java.util.ArrayList<>(List.of(s.calls, s.input, s.output, s.cached, s.cost, s.latency));
        for (long n : s.histogram) {
            v.add(n);
        }
        return v;
    }

    private static Object[] concat(List<Object> a, List<Object> b) {
        List<Object> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all.toArray();
    }
}
