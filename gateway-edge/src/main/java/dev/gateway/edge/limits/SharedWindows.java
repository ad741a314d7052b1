package dev.gateway.edge.limits;

import dev.gateway.edge.limits.WindowCounters.Count;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Redis windows of every edge, with this edge's requests counted in batches while a budget is far from
 * used up: a request then only adds to a local count, which the next request after {@link #SYNC_NANOS}
 * (or the first one past the slack) adds to Redis in one increment, reading back what every edge counted.
 * Near the limit every request goes to Redis, so small budgets are exact; a large one is overshot by at
 * most 5 % per edge, the requests an edge admits before its next sync.
 */
final class SharedWindows {
    private static final long SYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Budgets below this are always counted in Redis, request by request. */
    private static final int SMALLEST_BATCHED_LIMIT = 20;
    private static final int KEYS_BEFORE_PURGE = 10_000;

    private final WindowCounters redis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    SharedWindows(WindowCounters redis) {
        this.redis = redis;
    }

    /** Counts one request against {@code key}'s budget of {@code limit}; throws when Redis fails. */
    Count increment(String key, int limit) throws Exception {
        long now = System.nanoTime();
        if (windows.size() > KEYS_BEFORE_PURGE) {
            windows.values().removeIf(window -> window.isOver(now));
        }
        Window window = windows.computeIfAbsent(key, k -> new Window());
        Count local = window.countLocally(now, limit);
        if (local != null) {
            return local;
        }
        long delta = window.takePending() + 1;
        Count shared = redis.increment(key, delta);
        window.synced(shared, now);
        return shared;
    }

    /** What this edge knows of one budget: the shared count at the last sync and its own requests since. */
    private static final class Window {
        private long shared;
        private long pending;
        private long syncedAtNanos;
        private long resetsAtNanos;

        synchronized Count countLocally(long now, int limit) {
            long slack = limit < SMALLEST_BATCHED_LIMIT ? 0 : limit / 20;
            boolean fresh = now - syncedAtNanos < SYNC_NANOS && now < resetsAtNanos;
            if (!fresh || pending + 1 > slack || shared + pending + 1 > limit - slack) {
                return null;
            }
            pending++;
            return new Count(shared + pending, TimeUnit.NANOSECONDS.toMillis(resetsAtNanos - now));
        }

        synchronized long takePending() {
            long taken = pending;
            pending = 0;
            return taken;
        }

        synchronized void synced(Count count, long now) {
            shared = count.count();
            syncedAtNanos = now;
            resetsAtNanos = now + TimeUnit.MILLISECONDS.toNanos(count.resetMillis());
        }

        synchronized boolean isOver(long now) {
            return now >= resetsAtNanos && pending == 0;
        }
    }
}
