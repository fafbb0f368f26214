package dev.keel.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples with OSHI. CPU load is computed between tick snapshots taken at least
 * {@link #MIN_TICK_GAP} apart: OSHI caches ticks for 300 ms, so reading sooner yields 0 %. A call
 * inside that gap reuses the last CPU figures.
 */
public final class OshiHostSampler implements HostSampler {

    static final Duration MIN_TICK_GAP = Duration.ofSeconds(1);

    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final Map<String, Path> folders;
    private final Clock clock;
    private final int pid;

    private long[] ticks;
    private Instant ticksAt;
    private OSProcess process;
    private double cpuPercent;
    private double processCpuPercent;
    private boolean measured;

    public OshiHostSampler(CentralProcessor cpu, GlobalMemory memory, OperatingSystem os, Map<String, Path> folders, Clock clock) {
        this.cpu = cpu;
        this.memory = memory;
        this.os = os;
        this.folders = Map.copyOf(folders);
        this.clock = clock;
        this.pid = os.getProcessId();
        this.ticks = cpu.getSystemCpuLoadTicks();
        this.ticksAt = clock.instant();
        this.process = os.getProcess(pid);
    }

    @Override
    public synchronized HostSample sample() {
        Instant now = clock.instant();
        if (!measured) {
            now = waitForFirstGap(now);
        }
        OSProcess current = process;
        if (Duration.between(ticksAt, now).compareTo(MIN_TICK_GAP) >= 0) {
            measured = true;
            cpuPercent = 100 * cpu.getSystemCpuLoadBetweenTicks(ticks);
            ticks = cpu.getSystemCpuLoadTicks();
            ticksAt = now;
            OSProcess fresh = os.getProcess(pid);
            if (fresh != null) {
                processCpuPercent = 100 * fresh.getProcessCpuLoadBetweenTicks(process) / cpu.getLogicalProcessorCount();
                current = fresh;
                process = fresh;
            }
        }
        long rss = current == null ? 0 : current.getResidentSetSize();
        return new HostSample(now, cpuPercent, memory.getTotal(), memory.getAvailable(), disks(), rss, processCpuPercent);
    }

    /** The first sample waits out the tick gap once, so it never reports a cached 0 % CPU. */
    private Instant waitForFirstGap(Instant now) {
        long waitMs = MIN_TICK_GAP.minus(Duration.between(ticksAt, now)).toMillis();
        if (waitMs > 0) {
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clock.instant();
    }

    private List<DiskUsage> disks() {
        List<DiskUsage> out = new ArrayList<>(folders.size());
        folders.forEach((name, path) -> {
            try {
                FileStore store = Files.getFileStore(path);
                out.add(new DiskUsage(name, path, store.getTotalSpace(), store.getUsableSpace()));
            } catch (IOException e) {
                out.add(new DiskUsage(name, path, 0, 0));
            }
        });
        out.sort((a, b) -> a.folder().compareTo(b.folder()));
        return out;
    }
}
