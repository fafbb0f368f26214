package dev.keel.health;

import dev.keel.guard.ResourceGuard;
import dev.keel.secrets.Publisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The health poll's bean: takes a sample, keeps the recent ones for the trend, writes
 * {@code ops/health/HEALTH.md} atomically and publishes the same figures as Micrometer gauges.
 */
public final class HealthPoll {

    private final HostSampler sampler;
    private final ResourceGuard guard;
    private final Path report;
    private final Duration interval;
    private final int trendSize;
    private final Deque<TrendRow> trend = new ArrayDeque<>();
    private final AtomicReference<HostSample> latest = new AtomicReference<>();

    public HealthPoll(HostSampler sampler, ResourceGuard guard, Path report, Duration interval, int trendSize) {
        this.sampler = sampler;
        this.guard = guard;
        this.report = report;
        this.interval = interval;
        this.trendSize = trendSize;
    }


    /** Registers the gauges; they read the latest sample of the poll. */
    public void bindTo(MeterRegistry meters, List<String> folders) {
        gauge(meters, "keel.host.cpu.percent", HostSample::cpuPercent, List.of());
        gauge(meters, "keel.host.memory.available.bytes", s -> s.memoryAvailableBytes(), List.of());
        gauge(meters, "keel.host.memory.used.percent", HostSample::memoryUsedPercent, List.of());
        gauge(meters, "keel.process.rss.bytes", s -> s.processRssBytes(), List.of());
        gauge(meters, "keel.process.cpu.percent", HostSample::processCpuPercent, List.of());
        for (String folder : folders) {
            gauge(meters, "keel.disk.free.bytes", s -> disk(s, folder).freeBytes(), List.of("folder", folder));
            gauge(meters, "keel.disk.used.percent", s -> disk(s, folder).usedPercent(), List.of("folder", folder));
        }
    }

    private void gauge(MeterRegistry meters, String name, ToDoubleFunction<HostSample> value, List<String> tags) {
        Gauge.builder(name, latest, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .tags(tags.toArray(String[]::new))
                .register(meters);
    }

    private static DiskUsage disk(HostSample sample, String folder) {
        return sample.disks().stream().filter(d -> d.folder().equals(folder)).findFirst()
                .orElse(new DiskUsage(folder, Path.of(folder), 0, 0));
    }

    /** The last sample the poll took, if any (the alert rules check it is not stale). */
    public java.util.Optional<HostSample> latest() {
        return java.util.Optional.ofNullable(latest.get());
    }

    public HostSample poll() {
        HostSample sample = sampler.sample();
        latest.set(sample);
        List<TrendRow> rows;
        synchronized (trend) {
            trend.addFirst(new TrendRow(sample, guard.state().level().name()));
            while (trend.size() > trendSize) {
                trend.removeLast();
            }
            rows = List.copyOf(trend);
        }
        Publisher.publish(report, HealthReport.render(sample, guard, interval, rows));
        return sample;
    }

    /** The recent samples, newest first (the dashboard's trend). */
    public List<TrendRow> trend() {
        synchronized (trend) {
            return List.copyOf(trend);
        }
    }

    /** One row of HEALTH.md's trend table. */
    public record TrendRow(HostSample sample, String guardState) {
    }
}
