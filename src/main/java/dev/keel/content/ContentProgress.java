package dev.keel.content;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How far each running batch is: tasks ended of tasks taken in, the rate over the last interval and
 * the time left at that rate. Logged every interval while a batch runs and published as metrics
 * ({@code keel_content_batch_tasks{batch,state}}, {@code keel_content_batch_rate}, {@code keel_content_batch_eta_seconds},
 * {@code keel_content_queue_depth}). A batch is sealed once its whole file is queued; a sealed batch
 * with nothing left to run is finished and reported.
 */
public final class ContentProgress {

    /** One batch's counters. */
    public static final class Batch {
        final String id;
        final AtomicLong total = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final AtomicLong ended = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong night = new AtomicLong();
        volatile boolean sealed;
        long lastEnded;
        Instant lastAt;
        double rate;

        Batch(String id, Instant now) {
            this.id = id;
            this.lastAt = now;
        }
    }

    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final Clock clock;
    private final MultiGauge tasks;
    private final MultiGauge rates;
    private final MultiGauge etas;

    public ContentProgress(MeterRegistry meters, LongSupplier depth, Clock clock) {
        this.clock = clock;
        tasks = MultiGauge.builder("keel.content.batch.tasks").description("Tasks of a running batch by state").register(meters);
        rates = MultiGauge.builder("keel.content.batch.rate").description("Tasks a running batch ended per second").register(meters);
        etas = MultiGauge.builder("keel.content.batch.eta.seconds").description("Time a running batch needs at its rate").register(meters);
        Gauge.builder("keel.content.queue.depth", depth::getAsLong).description("Content tasks ready or running").register(meters);
    }

    /** The batch's counters, made on first use (a batch taken in, or found unfinished at start). */
    public Batch of(String batch) {
        return batches.computeIfAbsent(batch, id -> new Batch(id, clock.instant()));
    }

    /** A batch taken in again starts its counts over. */
    public Batch restart(String batch) {
        Batch fresh = new Batch(batch, clock.instant());
        batches.put(batch, fresh);
        return fresh;
    }

    /** {@code n} tasks queued to run now. */
    public void queued(String batch, long n) {
        Batch b = of(batch);
        b.total.addAndGet(n);
        b.pending.addAndGet(n);
    }

    /** {@code n} tasks that ended without running (refused, or done by an earlier run). */
    public void endedAtIntake(String batch, long n, boolean refused) {
        Batch b = of(batch);
        b.total.addAndGet(n);
        b.ended.addAndGet(n);
        if (refused) {
            b.rejected.addAndGet(n);
        }
    }

    public void waitingForNight(String batch, long n) {
        Batch b = of(batch);
        b.total.addAndGet(n);
        b.night.addAndGet(n);
    }

    /** Night tasks released to the queue. */
    public void released(String batch, long n) {
        Batch b = of(batch);
        if (b.total.get() == 0) {
            b.total.addAndGet(n); // a batch forgotten since its day tasks ended: its night tasks are what is left
        }
        b.night.addAndGet(-Math.min(n, b.night.get()));
        b.pending.addAndGet(n);
        b.sealed = true;
    }

    /** The whole file is queued; true when nothing is left to run (the batch is finished). */
    public boolean seal(String batch) {
        Batch b = of(batch);
        b.sealed = true;
        return b.pending.get() == 0;
    }

    /** A task ended; true when it was the batch's last one (the caller reports the batch). */
    public boolean ended(String batch, boolean rejected) {
        Batch b = of(batch);
        b.ended.incrementAndGet();
        if (rejected) {
            b.rejected.incrementAndGet();
        }
        return b.pending.decrementAndGet() == 0 && b.sealed;
    }

    /** One running batch as the dashboard shows it; {@code etaSeconds} is -1 while the rate is unknown. */
    public record Running(String batch, long total, long ended, long rejected, long night, double rate, double etaSeconds) {
    }

    /** The batches in memory now, with the rate of the last tick. */
    public List<Running> running() {
        List<Running> out = new ArrayList<>();
        for (Batch b : batches.values()) {
            long pending = Math.max(0, b.pending.get());
            out.add(new Running(b.id, b.total.get(), b.ended.get(), b.rejected.get(), b.night.get(), b.rate, b.rate > 0 ? pending / b.rate : -1));
        }
        out.sort(java.util.Comparator.comparing(Running::batch));
        return out;
    }

    /** Forgets a finished batch (its gauges go with it at the next tick). */
    public void finished(String batch) {
        Batch b = batches.get(batch);
        if (b != null && b.pending.get() <= 0 && b.night.get() == 0) {
            batches.remove(batch);
        }
    }

    /** Updates rates and gauges; hands a log line for each batch still running to {@code log}. */
    public synchronized void tick(Consumer<String> log) {
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> taskRows = new ArrayList<>();
        List<MultiGauge.Row<?>> rateRows = new ArrayList<>();
        List<MultiGauge.Row<?>> etaRows = new ArrayList<>();
        for (Batch b : batches.values()) {
            long ended = b.ended.get();
            double seconds = Math.max(0.001, Duration.between(b.lastAt, now).toMillis() / 1000.0);
            b.rate = (ended - b.lastEnded) / seconds;
            b.lastEnded = ended;
            b.lastAt = now;
            long pending = Math.max(0, b.pending.get());
            double eta = b.rate > 0 ? pending / b.rate : -1;
            Tags batch = Tags.of("batch", b.id);
            taskRows.add(MultiGauge.Row.of(batch.and("state", "total"), b.total.get()));
            taskRows.add(MultiGauge.Row.of(batch.and("state", "ended"), ended));
            taskRows.add(MultiGauge.Row.of(batch.and("state", "rejected"), b.rejected.get()));
            taskRows.add(MultiGauge.Row.of(batch.and("state", "night"), b.night.get()));
            rateRows.add(MultiGauge.Row.of(batch, b.rate));
            etaRows.add(MultiGauge.Row.of(batch, eta));
            if (pending > 0) {
                log.accept(String.format(java.util.Locale.ROOT, "content batch %s: %,d/%,d ended (%,d rejected%s), %.0f tasks/s, ETA %s",
                        b.id, ended, b.total.get(), b.rejected.get(), b.night.get() > 0 ? ", " + b.night.get() + " wait for the night" : "",
                        b.rate, eta < 0 ? "unknown" : Duration.ofSeconds(Math.round(eta)).toString().substring(2).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        tasks.register(taskRows, true);
        rates.register(rateRows, true);
        etas.register(etaRows, true);
    }
}
