package io.consistentcrud.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task on several threads at once, for contention and hot-item tests (e.g. N invocations of a handler). */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * Runs {@code task} on {@code threads} threads, released together once all are started, and returns each
     * thread's result in start order.
     *
     * @param <T>     the task's result
     * @param threads how many threads run the task
     * @param task    the task
     * @return each thread's result, in start order
     * @throws Exception the first task's failure (wrapped by its future), or an interruption
     */
    public static <T> List<T> run(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
