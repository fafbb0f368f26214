package dev.keel.guard;

import dev.keel.health.HostSample;
import dev.keel.health.HostSampler;
import dev.keel.router.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the host: samples it on its own schedule, runs the {@link GuardPolicy}, tells listeners
 * of every state change (the intake controller suspends inboxes on CRITICAL) and admits local-model
 * calls within the concurrency the current state allows.
 */
public final class ResourceGuard implements ResourceGuardMBean {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceGuard.class);

    /** Told of every state change, on the sampler's thread, in order. */
    public interface Listener {
        void onTransition(GuardState from, GuardState to);
    }

    private final GuardPolicy policy;
    private final HostSampler sampler;
    private final GuardMode mode;
    private final int localLimitOk;
    private final int localLimitHot;
    private final MeterRegistry meters;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Object observing = new Object();

    private volatile GuardState state;
    private volatile HostSample lastSample;
    private int localInFlight;
    private ScheduledFuture<?> schedule;

    public ResourceGuard(GuardPolicy policy, HostSampler sampler, GuardMode mode, int localLimitOk, int localLimitHot,
                         MeterRegistry meters, Instant start) {
        this.policy = policy;
        this.sampler = sampler;
        this.mode = mode;
        this.localLimitOk = localLimitOk;
        this.localLimitHot = localLimitHot;
        this.meters = meters;
        this.state = GuardState.initial(start);
        meters.gauge("keel.guard.state", this, g -> g.state.level().ordinal());
        meters.gauge("keel.guard.local.in.flight", this, ResourceGuard::getLocalInFlight);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void start(ScheduledExecutorService executor, Duration interval) {
        schedule = executor.scheduleWithFixedDelay(this::sampleSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void sampleSafely() {
        try {
            observe(sampler.sample());
        } catch (RuntimeException e) {
            LOG.warn("ResourceGuard sample failed, keeping state {}: {}", state.level(), e.toString());
        }
    }

    /** Runs one sample through the policy and acts on a change of level. */
    public GuardState observe(HostSample sample) {
        synchronized (observing) {
            return apply(sample);
        }
    }

    private GuardState apply(HostSample sample) {
        samples.incrementAndGet();
        lastSample = sample;
        GuardState before = state;
        GuardState after = policy.next(before, sample.reading());
        state = after;
        if (after.level() != before.level()) {
            transitions.incrementAndGet();
            meters.counter("keel.guard.transitions", "from", before.level().name(), "to", after.level().name()).increment();
            LOG.warn("ResourceGuard {} -> {}: {}{}", before.level(), after.level(), after.reason(),
                    mode == GuardMode.OBSERVE ? " (observe mode: not acting)" : "");
            synchronized (this) {
                notifyAll();
            }
            if (mode == GuardMode.ENFORCE) {
                listeners.forEach(l -> l.onTransition(before, after));
            }
        }
        return after;
    }

    public GuardState state() {
        return state;
    }

    public GuardMode mode() {
        return mode;
    }

    public GuardPolicy policy() {
        return policy;
    }

    /** The level admission and routing act on: in observe mode the guard never limits. */
    public GuardLevel acting() {
        return mode == GuardMode.OBSERVE ? GuardLevel.OK : state.level();
    }

    private int localLimit() {
        return switch (acting()) {
            case OK -> localLimitOk;
            case HOT -> localLimitHot;
            case CRITICAL -> 0;
        };
    }

    /**
     * Admits a model call of {@code tier}, waiting up to {@code maxWait} for a local slot. Cloud tiers
     * do not load this host and are always admitted. Close the admission when the call ends.
     */
    public Admission admit(Tier tier, Duration maxWait) throws InterruptedException {
        if (tier != Tier.LOCAL) {
            return Admission.granted(() -> { });
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (this) {
            while (localInFlight >= localLimit()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Admission.refused("ResourceGuard " + acting() + ": " + localInFlight + " of "
                            + localLimit() + " local calls in use (" + state.reason() + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            localInFlight++;
        }
        return Admission.granted(this::release);
    }

    private synchronized void release() {
        localInFlight--;
        notifyAll();
    }

    // --- JMX (dev.keel:type=ResourceGuard) ---

    @Override
    public String getState() {
        return state.level().name();
    }

    @Override
    public String getStateSince() {
        return state.since().toString();
    }

    @Override
    public String getReason() {
        return state.reason();
    }

    @Override
    public String getMode() {
        return mode.name();
    }

    @Override
    public long getTransitions() {
        return transitions.get();
    }

    @Override
    public long getSamples() {
        return samples.get();
    }

    @Override
    public synchronized int getLocalInFlight() {
        return localInFlight;
    }

    @Override
    public synchronized int getLocalLimit() {
        return localLimit();
    }

    @Override
    public double getCpuPercent() {
        HostSample s = lastSample;
        return s == null ? 0 : s.cpuPercent();
    }

    @Override
    public double getMemoryUsedPercent() {
        HostSample s = lastSample;
        return s == null ? 0 : s.memoryUsedPercent();
    }

    @Override
    public double getDiskUsedPercent() {
        HostSample s = lastSample;
        return s == null ? 0 : s.diskUsedPercent();
    }
}
