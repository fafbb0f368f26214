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
 * ResourceGuard's admission (waiting up to keel.router.local-wait). What an attempt holds is given back
 * by {@link #release}, with the tokens the provider reported.
 */
final class ProviderAdmission {

    /** What an admitted attempt holds until it ends. */
    record Held(Semaphore slot, TokenWindow minute, long estimate, Admission admission) {
    }

    /** Held resources, or why the attempt may not go ahead. */
    record Outcome(Held held, String refusal) {
    }

    private final ResourceGuard guard;
    private final Clock clock;
    private final Duration localWait;
    private final Duration queueWait;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, TokenWindow> minutes = new ConcurrentHashMap<>();

    ProviderAdmission(ResourceGuard guard, Clock clock, Duration localWait, Duration queueWait) {
        this.guard = guard;
        this.clock = clock;
        this.localWait = localWait;
        this.queueWait = queueWait;
    }

    Outcome admit(Provider provider, long estimate) throws InterruptedException {
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
        Admission admission = guard == null ? null : guard.admit(provider.tier(), localWait);
        Held held = new Held(slot, minute, estimate, admission);
        if (admission != null && !admission.granted()) {
            release(held, 0);
            return new Outcome(null, admission.reason());
        }
        return new Outcome(held, null);
    }

    /** Ends an attempt: its tokens count at what the provider reported ({@code actual}, 0 when it failed). */
    void release(Held held, long actual) {
        held.minute().settle(held.estimate(), actual);
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
