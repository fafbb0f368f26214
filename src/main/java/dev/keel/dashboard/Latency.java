package dev.keel.dashboard;

/**
 * The latency histogram the rollups keep: ten buckets with fixed upper bounds, so rolled-up rows add up and percentiles
 * over any range come from a few sums. A percentile is the upper bound of the bucket it falls in.
 */
public final class Latency {

    /** Upper bounds in ms; the last bucket takes everything above 60 s. */
    static final long[] BOUNDS = {100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, Long.MAX_VALUE};

    private Latency() {
    }

    static int bucket(long millis) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (millis <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length - 1;
    }

    /** The bound at or under which {@code q} (0..1) of the calls answered; -1 without calls, null-like MAX for the open bucket. */
    static long percentile(long[] histogram, double q) {
        long total = 0;
        for (long n : histogram) {
            total += n;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= Math.max(1, rank)) {
                return BOUNDS[i];
            }
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    /** For display: "≤ 250 ms", "> 60 s", "—". */
    static String label(long bound) {
        if (bound < 0) {
            return "—";
        }
        if (bound == Long.MAX_VALUE) {
            return "> 60 s";
        }
        return bound < 1_000 ? "≤ " + bound + " ms" : "≤ " + (bound / 1_000) + (bound % 1_000 == 0 ? "" : "." + (bound % 1_000) / 100) + " s";
    }
}
