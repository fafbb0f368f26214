import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load for bench/gateway.sh.
 *   rate URL KEY RPS SECONDS   open loop at a fixed rate; latency is measured from each request's
 *                              scheduled time, so a stall is not hidden by fewer requests (no
 *                              coordinated omission). Prints: rps sent ok errors p50 p90 p99 p99.9 max (ms).
 *   cold URL KEY RPS SECONDS WARM_URL LOG CMD...
 *                              a fresh start: warms this JVM on WARM_URL (the upstream direct) for 5 s, then
 *                              starts CMD (output to LOG), and once CMD prints "Keel ready" or "Ready for
 *                              connections" sends at RPS for SECONDS at once; prints the rate line with the
 *                              time from spawn to ready (ms) at the end, then stops CMD.
 *   count URL KEY TOTAL CONCURRENCY PID
 *                              closed loop, TOTAL requests; prints the RSS of PID every 10,000.
 * -Dheaders='Name: value|Name: value' adds headers (Portkey's x-portkey-provider and custom host).
 * A request counts as an error unless it answers 200 with a body containing "choices".
 */
public class GatewayLoad {

    static final String BODY = "{\"model\":\"up/m1\",\"messages\":[{\"role\":\"system\",\"content\":\"You check release notes.\"},"
            + "{\"role\":\"user\",\"content\":\"Are the checks green for release 4.2? Answer in one line.\"}]}";

    static final java.util.Map<String, Integer> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (!args[2].equals("-")) {
            builder.header("Authorization", "Bearer " + args[2]);
        }
        for (String header : System.getProperty("headers", "").split("\\|")) {
            if (header.contains(":")) {
                builder.header(header.substring(0, header.indexOf(':')).trim(), header.substring(header.indexOf(':') + 1).trim());
            }
        }
        HttpRequest request = builder.build();
        if (args[0].equals("cold")) {
            cold(http, request, args);
        } else if (args[0].equals("rate")) {
            // the same JVM warms up first (5 s at the rate, not counted): a fresh JVM's first seconds are its JIT's
            rate(http, request, Integer.parseInt(args[3]), 5);
            long[] measured = rate(http, request, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            System.out.println(report(Integer.parseInt(args[3]), measured));
        } else {
            count(http, request, Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
        }
    }

    /** Latencies in ns, sorted; an error counts as -1 (sorted first, reported apart). */
    static long[] rate(HttpClient http, HttpRequest request, int rps, int seconds) throws Exception {
        int total = rps * seconds;
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        long interval = 1_000_000_000L / rps;
        long start = System.nanoTime() + 50_000_000;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                boolean ok = failure == null && response.statusCode() == 200 && response.body().contains("choices");
                latencies[index] = ok ? System.nanoTime() - scheduled : -1;
                if (!ok) {
                    ERRORS.merge(failure != null ? failure.getClass().getSimpleName()
                            : response.statusCode() + " " + response.body().substring(0, Math.min(120, response.body().length())), 1, Integer::sum);
                }
                done.countDown();
            });
        }
        done.await();
        if (!ERRORS.isEmpty()) {
            System.err.println("errors: " + ERRORS);
            ERRORS.clear();
        }
        Arrays.sort(latencies);
        return latencies;
    }

    static void cold(HttpClient http, HttpRequest request, String[] args) throws Exception {
        int rps = Integer.parseInt(args[3]);
        HttpRequest warm = HttpRequest.newBuilder(URI.create(args[5])).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        rate(http, warm, rps, 5);
        ProcessBuilder command = new ProcessBuilder(Arrays.asList(args).subList(7, args.length)).redirectErrorStream(true);
        long spawned = System.nanoTime();
        Process process = command.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread copier = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
                 var out = Files.newBufferedWriter(Path.of(args[6]))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains("Keel ready") || line.contains("Ready for connections")) {
                        ready.countDown();
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        copier.setDaemon(true);
        copier.start();
        if (!ready.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroy();
            throw new IllegalStateException("not ready in 60 s; see " + args[6]);
        }
        long readyMs = (System.nanoTime() - spawned) / 1_000_000;
        long[] measured = rate(http, request, rps, Integer.parseInt(args[4]));
        process.destroy();
        process.waitFor();
        System.out.println(report(rps, measured) + " " + readyMs);
    }

    static String report(int rps, long[] all) {
        long[] ok = Arrays.stream(all).filter(l -> l >= 0).toArray();
        if (ok.length == 0) {
            return String.format(Locale.ROOT, "%d %d 0 %d NaN NaN NaN NaN NaN", rps, all.length, all.length);
        }
        return String.format(Locale.ROOT, "%d %d %d %d %.3f %.3f %.3f %.3f %.3f", rps, all.length, ok.length, all.length - ok.length,
                ms(ok, 0.50), ms(ok, 0.90), ms(ok, 0.99), ms(ok, 0.999), ok[ok.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static void count(HttpClient http, HttpRequest request, int total, int concurrency, String pid) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        System.out.println("calls rss_mib errors");
        System.out.println("0 " + rss(pid) + " 0");
        Thread[] workers = new Thread[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = new Thread(() -> {
                long n;
                while ((n = next.incrementAndGet()) <= total) {
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n % 10_000 == 0) {
                        System.out.println(n + " " + rss(pid) + " " + errors.get());
                    }
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    static long rss(String pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
        } catch (Exception e) {
            return -1;
        }
    }
}
