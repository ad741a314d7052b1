package dev.gateway.edge.limits;

import dev.gateway.edge.limits.WindowCounters.Count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Redis windows of every edge, with this edge's requests counted in batches while a budget is far from
 * used up: a request then only adds to a local count, and every {@link #SYNC_MILLIS} one pipelined round
 * adds every budget's local count to Redis and reads back what every edge counted. A request waits for
 * Redis only for a window this edge does not know yet (its first request, or the first after a reset) or
 * one near its limit, so small budgets are exact; a large one is overshot by at most 5 % per edge, the
 * requests an edge admits before its next round.
 */
final class SharedWindows implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SharedWindows.class.getName());
    private static final long SYNC_MILLIS = 100;
    /** Budgets below this are always counted in Redis, request by request. */
    private static final int SMALLEST_BATCHED_LIMIT = 20;
    private static final int KEYS_BEFORE_PURGE = 10_000;

    private final WindowCounters redis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("rate-limit-sync").daemon().factory());

    SharedWindows(WindowCounters redis) {
        this.redis = redis;
        sync.scheduleWithFixedDelay(this::syncPending, SYNC_MILLIS, SYNC_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Counts one request against {@code key}'s budget of {@code limit}; throws when Redis fails. */
    Count increment(String key, int limit) throws Exception {
        long now = System.nanoTime();
        Window window = windows.computeIfAbsent(key, k -> new Window());
        Count local = window.countLocally(now, limit);
        if (local != null) {
            return local;
        }
        long delta = window.takePending() + 1;
        try {
            Count shared = redis.increment(key, delta);
            window.synced(shared, now);
            return shared;
        } catch (Exception e) {
            window.giveBack(delta - 1);
            throw e;
        }
    }

    /** One pipelined round for every window with requests counted only here so far. */
    private void syncPending() {
        if (windows.size() > KEYS_BEFORE_PURGE) {
            // here, not on a request's path: a scan of every window is no request's business
            long now = System.nanoTime();
            windows.values().removeIf(window -> window.isOver(now));
        }
        List<String> keys = new ArrayList<>();
        List<Window> inRound = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        windows.forEach((key, window) -> {
            long pending = window.startRound();
            if (pending > 0) {
                keys.add(key);
                inRound.add(window);
                deltas.add(pending);
            }
        });
        if (keys.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        try {
            List<Count> counts = redis.incrementAll(keys, deltas);
            for (int i = 0; i < keys.size(); i++) {
                inRound.get(i).roundSynced(counts.get(i), now, deltas.get(i));
            }
        } catch (Exception e) {
            // counted again in the next round, or by the next request that goes to Redis itself
            for (int i = 0; i < keys.size(); i++) {
                inRound.get(i).roundFailed(deltas.get(i));
            }
            LOG.log(Level.FINE, "rate limit round failed", e);
        }
    }

    @Override
    public void close() {
        sync.shutdownNow();
    }

    /**
     * What this edge knows of one budget: the shared count at the last sync, its own requests since, and
     * those of them a round is adding to Redis right now.
     */
    private static final class Window {
        private long shared;
        private long pending;
        private long inRound;
        private long resetsAtNanos;
        private boolean known;

        synchronized Count countLocally(long now, int limit) {
            long slack = limit < SMALLEST_BATCHED_LIMIT ? 0 : limit / 20;
            long unsynced = pending + inRound;
            if (!known || now >= resetsAtNanos || unsynced + 1 > slack || shared + unsynced + 1 > limit - slack) {
                return null;
            }
            pending++;
            return new Count(shared + unsynced + 1, TimeUnit.NANOSECONDS.toMillis(resetsAtNanos - now));
        }

        /** The requests counted only here, now on their way to Redis with a request of this edge. */
        synchronized long takePending() {
            long taken = pending;
            pending = 0;
            return taken;
        }

        /** The requests counted only here, now on their way to Redis in a round. */
        synchronized long startRound() {
            long taken = pending;
            pending = 0;
            inRound += taken;
            return taken;
        }

        synchronized void giveBack(long requests) {
            pending += requests;
        }

        synchronized void roundFailed(long requests) {
            inRound -= requests;
            pending += requests;
        }

        synchronized void roundSynced(Count count, long now, long requests) {
            inRound -= requests;
            synced(count, now);
        }

        synchronized void synced(Count count, long now) {
            // a round's answer may come after a request's own, newer one: the larger count is the newer
            if (!known || count.count() >= shared || now >= resetsAtNanos) {
                shared = count.count();
                resetsAtNanos = now + TimeUnit.MILLISECONDS.toNanos(count.resetMillis());
            }
            known = true;
        }

        synchronized boolean isOver(long now) {
            return now >= resetsAtNanos && pending == 0 && inRound == 0;
        }
    }
}
