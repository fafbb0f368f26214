import dev.keel.guard.Band;
import dev.keel.guard.GuardMode;
import dev.keel.guard.GuardPolicy;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.OshiHostSampler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import oshi.SystemInfo;

/**
 * Cost of one ResourceGuard sample: a full OSHI read (CPU ticks, memory, the work folders' disks,
 * Keel's process) plus the policy step, as the guard's sampler thread does it every interval.
 * A fake clock advances 1 s per call so every call takes the full tick-reading path (the real
 * sampler never reads ticks faster than that). Reports median and p99 over N calls after warm-up.
 * Run: java -cp target/keel.jar bench/GuardSampleBench.java [calls]
 */
public class GuardSampleBench {

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        AtomicLong seconds = new AtomicLong();
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return Instant.EPOCH.plusSeconds(seconds.incrementAndGet()); }
        };
        SystemInfo system = new SystemInfo();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        OshiHostSampler sampler = new OshiHostSampler(system.getHardware().getProcessor(), system.getHardware().getMemory(),
                system.getOperatingSystem(), Map.of("inbox", tmp, "outbox", tmp, "archive", tmp, "ops", tmp), clock);
        GuardPolicy policy = new GuardPolicy(new Band(85, 70, 95, 85), new Band(85, 75, 95, 90), new Band(90, 85, 97, 94),
                Duration.ofSeconds(30));
        ResourceGuard guard = new ResourceGuard(policy, sampler, GuardMode.ENFORCE, 2, 1, new SimpleMeterRegistry(), Instant.EPOCH);

        for (int i = 0; i < 500; i++) {
            guard.observe(sampler.sample());
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            guard.observe(sampler.sample());
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf("guard sample (full OSHI read + policy), %d calls: median %.3f ms, p99 %.3f ms (target <= 2 ms)%n",
                calls, nanos[calls / 2] / 1e6, nanos[(int) (calls * 0.99)] / 1e6);
    }
}
