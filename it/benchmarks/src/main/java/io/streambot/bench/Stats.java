package io.streambot.bench;

import java.util.Arrays;

/** Small statistics helpers for benchmarks. */
public final class Stats {
    private Stats() {}

    public static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    public static double median(long[] samples) {
        return median(Arrays.stream(samples).asDoubleStream().toArray());
    }
}
