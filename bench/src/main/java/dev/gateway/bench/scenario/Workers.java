package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.BenchFailure;
import dev.gateway.bench.measure.Latencies;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/** Runs work on virtual threads: a fixed list of tasks with bounded concurrency, or closed loops. */
final class Workers {
    private Workers() {
    }

    /** Calls {@code task} for 0..count-1 with at most {@code concurrency} at once, timing each into {@code latencies}. */
    static void forEach(int count, int concurrency, Latencies latencies, IntConsumer task) throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(concurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                permits.acquire();
                executor.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        task.accept(index);
                        latencies.record(System.nanoTime() - start);
                    } catch (BenchFailure e) {
                        latencies.error(e.kind());
                    } catch (RuntimeException e) {
                        latencies.error(e.getClass().getSimpleName());
                    } finally {
                        permits.release();
                    }
                });
            }
        }
    }

    /** Builds {@code count} items with bounded concurrency, failing the run if any cannot be built. */
    static <T> List<T> build(int count, int concurrency, IntFunction<T> factory) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(concurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                permits.acquire();
                futures.add(executor.submit(() -> {
                    try {
                        return factory.apply(index);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<T> items = new ArrayList<>(count);
        for (Future<T> future : futures) {
            items.add(future.get());
        }
        return items;
    }
}
