package dev.gateway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a time limit passes, for behaviour the contract bounds in time. */
public final class Eventually {
    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails the test when it does not within {@code limit}. */
    public static void await(Duration limit, BooleanSupplier condition) {
        if (!poll(limit, condition::getAsBoolean, Boolean::booleanValue)) {
            throw new AssertionError("condition not met within " + limit);
        }
    }

    /** Reads {@code value} until {@code done} accepts it, at most {@code limit}; returns the last value read. */
    public static <T> T poll(Duration limit, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T current = value.get();
        while (!done.test(current) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            current = value.get();
        }
        return current;
    }
}
