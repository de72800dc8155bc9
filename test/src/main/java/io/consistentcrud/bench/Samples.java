package io.consistentcrud.bench;

import java.util.Arrays;

/** Latency samples of one (subject, operation) pair, in nanoseconds. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100), nearest rank. */
    double percentile(double p) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    /** Operations per second of one thread doing only this: samples over their summed time. */
    double throughput() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += values[i];
        }
        return total == 0 ? 0 : size / (total / 1e9);
    }
}
