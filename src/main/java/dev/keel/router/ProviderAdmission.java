package dev.keel.router;

import dev.keel.guard.Admission;
import dev.keel.guard.ResourceGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets an attempt at a provider go ahead: one of the provider's max-concurrency slots (waiting up to
 * keel.router.queue-wait), the tokens it may use of the provider's TPM limit, and for local work the
 * ResourceGuard's admission (waiting up to keel.router.local-wait). Clustered, the attempt also reserves
 * its slot, tokens and estimated cost in the {@link SharedLimits} every node shares (waiting up to
 * keel.router.queue-wait for a slot there too). What an attempt holds is given back by {@link #release},
 * with the tokens and cost the provider reported.
 */
final class ProviderAdmission {

    /** What an admitted attempt holds until it ends. */
    record Held(Provider provider, Semaphore slot, TokenWindow minute, long estimate, SharedLimits.Hold shared, Admission admission) {
    }

    /** Held resources, or why the attempt may not go ahead ({@code budget}: the cluster's daily budget refused it). */
    record Outcome(Held held, String refusal, boolean budget) {
        Outcome(Held held, String refusal) {
            this(held, refusal, false);
        }
    }

    /** Between two asks for a cluster-wide slot: short, since a slot frees when any node's call ends. */
    private static final long SLOT_POLL_MILLIS = 20;

    private final ResourceGuard guard;
    private final Clock clock;
    private final Duration localWait;
    private final Duration queueWait;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, TokenWindow> minutes = new ConcurrentHashMap<>();
    private final SharedLimits shared;

    ProviderAdmission(ResourceGuard guard, Clock clock, Duration localWait, Duration queueWait) {
        this(guard, clock, localWait, queueWait, SharedLimits.LOCAL);
    }

    ProviderAdmission(ResourceGuard guard, Clock clock, Duration localWait, Duration queueWait, SharedLimits shared) {
        this.shared = shared;
        this.guard = guard;
        this.clock = clock;
        this.localWait = localWait;
        this.queueWait = queueWait;
    }

    Outcome admit(Provider provider, long estimate, double estimatedCostUsd) throws InterruptedException {
        Semaphore slot = provider.maxConcurrency() <= 0 ? null
                : slots.computeIfAbsent(provider.name(), n -> new Semaphore(provider.maxConcurrency(), true));
        if (slot != null && !slot.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Outcome(null, "all " + provider.maxConcurrency() + " of its concurrent slots stayed busy for "
                    + queueWait.toSeconds() + " s");
        }
        TokenWindow minute = minutes.computeIfAbsent(provider.name(), n -> new TokenWindow(clock));
        if (!minute.tryReserve(estimate, provider.tpm())) {
            release(slot);
            return new Outcome(null, "used " + minute.used() + " of its " + provider.tpm() + " tokens per minute");
        }
        SharedLimits.Hold hold = reserveShared(provider, estimate, estimatedCostUsd);
        if (!hold.granted()) {
            minute.settle(estimate, 0);
            release(slot);
            return new Outcome(null, hold.reason(), hold.refusal() == SharedLimits.Refusal.BUDGET);
        }
        Admission admission = guard == null ? null : guard.admit(provider.tier(), localWait);
        Held held = new Held(provider, slot, minute, estimate, hold, admission);
        if (admission != null && !admission.granted()) {
            release(held, 0, 0);
            return new Outcome(null, admission.reason());
        }
        return new Outcome(held, null);
    }

    /** The cluster's hold; a refusal for busy slots is asked again until keel.router.queue-wait, as the local slot waits. */
    private SharedLimits.Hold reserveShared(Provider provider, long estimate, double cost) throws InterruptedException {
        long deadline = clock.millis() + queueWait.toMillis();
        while (true) {
            SharedLimits.Hold hold = shared.reserve(provider, estimate, provider.local() ? 0 : cost);
            if (hold.granted() || hold.refusal() != SharedLimits.Refusal.SLOTS || clock.millis() >= deadline) {
                return hold;
            }
            Thread.sleep(SLOT_POLL_MILLIS);
        }
    }

    /** Ends an attempt: its tokens and cost count at what the provider reported ({@code actual}, 0 when it failed). */
    void release(Held held, long actual, double actualCostUsd) {
        held.minute().settle(held.estimate(), actual);
        shared.settle(held.provider(), held.shared(), actual, held.provider().local() ? 0 : actualCostUsd);
        if (held.admission() != null) {
            held.admission().close();
        }
        release(held.slot());
    }

    /** Tokens {@code provider} used in the last minute, in flight included; 0 before its first call. */
    long tokensUsed(String provider) {
        TokenWindow minute = minutes.get(provider);
        return minute == null ? 0 : minute.used();
    }

    private static void release(Semaphore slot) {
        if (slot != null) {
            slot.release();
        }
    }
}
