package io.consistentcrud.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/** Counts the HTTP statuses of a series of requests, so a suite can assert on all of them at once. */
public final class Statuses {
    private Statuses() {
    }

    /**
     * Sends {@code count} requests and counts their statuses.
     *
     * @param count   how many requests to send
     * @param request sends request {@code i} (0 to count - 1) and returns its status
     * @return how many requests answered each status, by status
     */
    public static Map<Integer, Integer> of(int count, IntUnaryOperator request) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            statuses.merge(request.applyAsInt(i), 1, Integer::sum);
        }
        return statuses;
    }
}
