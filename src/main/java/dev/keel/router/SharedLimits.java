package dev.keel.router;

import java.time.Instant;
import java.util.Map;

/**
 * A provider's limits as every Keel node on one database shares them: RPM, TPM, concurrency, Retry-After
 * cool-downs and the daily budget. A call reserves before it starts ({@link #reserve}: one slot, its
 * estimated tokens and cost) and settles after it ends ({@link #settle}: the real usage, 0 on failure).
 * {@link #LOCAL} is the single node: its limits stay in this process's memory ({@link ProviderAdmission},
 * the provider route's throttle, {@link Cooldowns}, the cost ledger), as fast as before; the clustered
 * version is {@code dev.keel.cluster.PgProviderLimits}.
 */
public interface SharedLimits {

    /** Why a reservation was refused, so admission knows which refusals are worth waiting out. */
    enum Refusal { COOLING, RPM, SLOTS, TPM, BUDGET, UNREACHABLE }

    /** A granted reservation ({@code id}), or the refusal and its reason. */
    record Hold(long id, Refusal refusal, String reason) {
        static final Hold NONE = new Hold(0, null, null);

        public boolean granted() {
            return refusal == null;
        }
    }

    Hold reserve(Provider provider, long tokens, double costUsd);

    /** Ends a granted hold with what the call really used; never throws (a lost settle expires with the lease). */
    void settle(Provider provider, Hold hold, long tokens, double costUsd);

    /** A provider asked to wait until {@code until} (a 429 or 503 with Retry-After): every node passes over it until then. */
    void coolDown(String provider, Instant until);

    /** Cool-downs other nodes saw, by provider (a recent read; may lag a fraction of a second). */
    Map<String, Instant> cooling();

    /** Today's API spend per provider across every node (a recent read), for the router's budget view. */
    Map<String, Double> spentToday();

    /** One node: nothing shared, nothing to ask. */
    SharedLimits LOCAL = new SharedLimits() {
        @Override
        public Hold reserve(Provider provider, long tokens, double costUsd) {
            return Hold.NONE;
        }

        @Override
        public void settle(Provider provider, Hold hold, long tokens, double costUsd) {
        }

        @Override
        public void coolDown(String provider, Instant until) {
        }

        @Override
        public Map<String, Instant> cooling() {
            return Map.of();
        }

        @Override
        public Map<String, Double> spentToday() {
            return Map.of();
        }
    };
}
