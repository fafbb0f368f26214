package dev.keel.cluster;

import dev.keel.db.Jdbc;
import dev.keel.router.Provider;
import dev.keel.router.SharedLimits;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedLimits} in PostgreSQL: one call of {@code keel_limit_reserve} (db/postgresql/V14) checks and
 * reserves a provider's RPM, slots, TPM and budget atomically, one call of {@code keel_limit_settle} ends it.
 * Bounds: at most RPM calls start per clock minute; at most max-concurrency run at once; the TPM and the
 * daily budget are overshot by at most what the calls in flight use beyond their estimates (each is
 * reserved at its estimate before it starts). A dead node's holds stop counting after keel.cluster.lease.
 * The router's view of cool-downs and spend is read at most every {@link #VIEW_AGE}. Local models (Ollama) keep
 * their limits per node: their concurrency is the host's own, and they have no account-wide RPM or budget.
 */
public final class PgProviderLimits implements SharedLimits {

    private static final Logger LOG = LoggerFactory.getLogger(PgProviderLimits.class);
    static final Duration VIEW_AGE = Duration.ofMillis(500);

    private record View(Instant read, Map<String, Instant> cooling, Map<String, Double> spent) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final ZoneId zone;
    private final String node;
    private final int leaseSeconds;
    private volatile View view = new View(Instant.EPOCH, Map.of(), Map.of());

    public PgProviderLimits(Supplier<DataSource> dataSource, Clock clock, ZoneId zone, String node, Duration lease) {
        this.jdbc = new Jdbc(dataSource, "shared provider limits");
        this.clock = clock;
        this.zone = zone;
        this.node = node;
        this.leaseSeconds = (int) lease.toSeconds();
    }

    @Override
    public Hold reserve(Provider p, long tokens, double costUsd) {
        if (p.local()) {
            return LOCAL.reserve(p, tokens, costUsd); // a local model's slots are its host's, not the cluster's
        }
        try {
            return ask(p, tokens, costUsd);
        } catch (RuntimeException e) {
            // fail closed: a node that cannot see the cluster's limits does not spend past them
            LOG.warn("Shared limits: {} not reserved: {}", p.name(), e.getMessage());
            return new Hold(0, Refusal.UNREACHABLE, "its cluster-wide limits could not be read from the database");
        }
    }

    private Hold ask(Provider p, long tokens, double costUsd) {
        return jdbc.first("SELECT hold_id, kind, refusal FROM keel_limit_reserve(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r -> r.getString(2) == null ? new Hold(r.getLong(1), null, null)
                        : new Hold(0, Refusal.valueOf(r.getString(2)), r.getString(3)),
                p.name(), node, p.rpm(), (long) p.tpm(), p.maxConcurrency(), p.local() ? 0.0 : p.dailyBudgetUsd(), today(), tokens,
                costUsd, leaseSeconds).orElseThrow();
    }

    @Override
    public void settle(Provider p, Hold hold, long tokens, double costUsd) {
        if (!hold.granted() || p.local()) {
            return;
        }
        try {
            jdbc.first("SELECT keel_limit_settle(?, ?, ?, ?, ?)", r -> true, hold.id(), p.name(), tokens, costUsd, today());
        } catch (RuntimeException e) {
            // the call's slot frees when its lease ends; its tokens and cost are still in this node's ledger
            LOG.warn("Shared limits: hold {} of {} not settled: {}", hold.id(), p.name(), e.getMessage());
        }
    }

    @Override
    public void coolDown(String provider, Instant until) {
        try {
            if (jdbc.update("UPDATE keel_provider_limit SET cooled_until = ? WHERE provider = ? AND (cooled_until IS NULL OR cooled_until < ?)",
                    until, provider, until) == 0) {
                jdbc.update("INSERT INTO keel_provider_limit (provider, cooled_until) VALUES (?, ?) ON CONFLICT (provider) DO UPDATE"
                        + " SET cooled_until = GREATEST(keel_provider_limit.cooled_until, EXCLUDED.cooled_until)", provider, until);
            }
            view = new View(Instant.EPOCH, view.cooling(), view.spent());
        } catch (RuntimeException e) {
            LOG.warn("Shared limits: the cool-down of {} not shared: {}", provider, e.getMessage());
        }
    }

    @Override
    public Map<String, Instant> cooling() {
        return fresh().cooling();
    }

    @Override
    public Map<String, Double> spentToday() {
        return fresh().spent();
    }

    private View fresh() {
        View current = view;
        Instant now = clock.instant();
        if (current.read().plus(VIEW_AGE).isAfter(now)) {
            return current;
        }
        Map<String, Instant> cooling = new HashMap<>();
        Map<String, Double> spent = new HashMap<>();
        try {
            jdbc.list("SELECT l.provider, l.cooled_until, d.spent_usd FROM keel_provider_limit l"
                    + " LEFT JOIN keel_provider_day d ON d.provider = l.provider AND d.spent_on = ?", r -> {
                        OffsetDateTime until = r.getObject(2, OffsetDateTime.class);
                        if (until != null && until.toInstant().isAfter(now)) {
                            cooling.put(r.getString(1), until.toInstant());
                        }
                        double usd = r.getDouble(3);
                        if (!r.wasNull()) {
                            spent.put(r.getString(1), usd);
                        }
                        return true;
                    }, today());
        } catch (RuntimeException e) {
            LOG.warn("Shared limits: the cluster's cool-downs and spend not read: {}", e.getMessage());
            return current;
        }
        View next = new View(now, Map.copyOf(cooling), Map.copyOf(spent));
        view = next;
        return next;
    }

    private Date today() {
        return Date.valueOf(LocalDate.ofInstant(clock.instant(), zone));
    }
}
