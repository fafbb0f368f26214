package dev.keel.web;

import dev.keel.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Webhook signatures already accepted, in the database (keel_webhook_seen): an insert that fails on the
 * key is a replay, so a request replayed to another node of the cluster, or after a restart, is refused.
 * Rows expire with the timestamp window (a replay older than that is refused by its timestamp anyway)
 * and are pruned at most once per {@link #PRUNE_EVERY}.
 */
public final class ReplayCache {

    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final Clock clock;
    private final AtomicLong lastPrune = new AtomicLong();

    public ReplayCache(Supplier<DataSource> dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "webhook replay cache");
        this.clock = clock;
    }

    /** True the first time {@code key} is offered (the request may go ahead); false for a replay. */
    public boolean firstTime(String key, Instant expires) {
        prune();
        return jdbc.insertUnlessPresent("INSERT INTO keel_webhook_seen (replay_key, expires_at) VALUES (?, ?)", digest(key), expires);
    }

    private void prune() {
        long now = clock.millis();
        long last = lastPrune.get();
        if (now - last >= PRUNE_EVERY.toMillis() && lastPrune.compareAndSet(last, now)) {
            jdbc.update("DELETE FROM keel_webhook_seen WHERE expires_at < ?", clock.instant());
        }
    }

    /** The key's SHA-256: a fixed width whatever the source's name, and no signature stored as sent. */
    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
