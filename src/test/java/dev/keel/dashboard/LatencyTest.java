package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyTest {

    private static long[] histogram(long... latencies) {
        long[] h = new long[Latency.BOUNDS.length];
        for (long ms : latencies) {
            h[Latency.bucket(ms)]++;
        }
        return h;
    }

    @Test
    void percentilesAreTheUpperBoundOfTheirBucket() {
        long[] h = histogram(50, 60, 70, 80, 90, 200, 300, 400, 450, 4_000);
        assertThat(Latency.percentile(h, 0.50)).isEqualTo(100);
        assertThat(Latency.percentile(h, 0.95)).isEqualTo(5_000);
    }

    @Test
    void boundsAreInclusiveAndTheLastBucketIsOpen() {
        assertThat(Latency.bucket(100)).isEqualTo(0);
        assertThat(Latency.bucket(101)).isEqualTo(1);
        assertThat(Latency.label(Latency.percentile(histogram(120_000), 0.5))).isEqualTo("> 60 s");
    }

    @Test
    void noCallsNoPercentile() {
        assertThat(Latency.percentile(histogram(), 0.5)).isEqualTo(-1);
        assertThat(Latency.label(-1)).isEqualTo("—");
        assertThat(Latency.label(2_500)).isEqualTo("≤ 2.5 s");
        assertThat(Latency.label(250)).isEqualTo("≤ 250 ms");
    }
}
