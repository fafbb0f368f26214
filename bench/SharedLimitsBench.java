import dev.keel.boot.KeelSettings;
import dev.keel.cluster.PgProviderLimits;
import dev.keel.db.KeelDatabase;
import dev.keel.router.Price;
import dev.keel.router.Provider;
import dev.keel.router.SharedLimits;
import dev.keel.router.Tier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the shared limits add to one gateway call (issue #17 B): reserve + settle against PostgreSQL, as a clustered
 * node does per attempt, one call at a time (latency) and from T threads at once on one provider (the row lock
 * serialises them). Usage: java -cp target/keel.jar bench/SharedLimitsBench.java JDBC_URL USER PASSWORD_ENV [calls] [threads]
 */
public class SharedLimitsBench {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        String schema = "bench_limits_" + System.nanoTime();
        KeelDatabase db = KeelDatabase.open(KeelSettings.of(Map.of("keel.db.url", args[0] + "?currentSchema=" + schema,
                "keel.db.user", args[1], "keel.db.password-env", args[2], "keel.home", System.getProperty("java.io.tmpdir"))));
        Provider p = new Provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, URI.create("http://127.0.0.1:1/v1"), "key",
                List.of("m"), 100_000, new Price(1, 2, 0, 0), 0, 1_000_000, 1_000_000, 1_000_000_000, 64, true);
        PgProviderLimits limits = new PgProviderLimits(db::dataSource, Clock.systemUTC(), ZoneOffset.UTC, "bench", Duration.ofMinutes(10));
        for (int i = 0; i < 500; i++) {
            call(limits, p); // warm-up: JIT, pool, plan cache
        }
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call(limits, p);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf("one at a time: %d reserve+settle, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", calls,
                ns[calls / 2] / 1e6, ns[calls * 9 / 10] / 1e6, ns[calls * 99 / 100] / 1e6, ns[calls - 1] / 1e6);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Thread(() -> {
                while (done.incrementAndGet() <= calls) {
                    call(limits, p);
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d threads (pool of 4 connections), one provider: %.0f calls/s%n", threads, calls / seconds);
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        db.close();
    }

    static void call(PgProviderLimits limits, Provider p) {
        SharedLimits.Hold hold = limits.reserve(p, 300, 0.001);
        limits.settle(p, hold, 250, 0.001);
    }
}
