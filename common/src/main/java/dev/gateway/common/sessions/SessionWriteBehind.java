package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.metrics.Metrics;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit of session writes (ARCHITECTURE.md "Write-behind batching"). Updates wait in a bounded
 * in-memory queue that merges them per session; one thread writes the queue with one Redis pipeline per
 * round and starts the next round as soon as the previous one finished (waiting at most the batch interval
 * for work). An update's future completes only after the round holding it succeeded, so whoever
 * acknowledges on completion never acknowledges a lost write. Failed rounds are retried with backoff;
 * a full queue answers 503; closing flushes what is queued.
 *
 * <p>Touches (a session was used) go through the same queue, so a busy session costs one write per round,
 * and at most one per {@code touchEvery} per instance; so does the extension of a user's session index.
 */
public final class SessionWriteBehind implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionWriteBehind.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** After this long without a successful round, waiting callers get 503 instead of hanging. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final SessionStore store;
    private final RedissonClient redis;
    private final Duration interval;
    private final int queueLimit;
    private final long touchEveryMillis;
    private final WriteBehindFigures figures;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Map<String, Long> lastTouch = new ConcurrentHashMap<>();
    private final Map<String, Long> lastIndexRefresh = new ConcurrentHashMap<>();
    private final Thread flusher;
    private Map<String, PendingWrite> pending = new LinkedHashMap<>();
    private int waitingUpdates;
    private volatile boolean closing;

    public SessionWriteBehind(SessionStore store, RedissonClient redis, Duration interval, int queueLimit,
                              Duration sessionTimeout, Metrics metrics) {
        this.store = store;
        this.redis = redis;
        this.interval = interval;
        this.queueLimit = queueLimit;
        // Extending a timeout of minutes every few seconds is as good as on every use, and far cheaper.
        this.touchEveryMillis = Math.min(sessionTimeout.toMillis() / 20, 5_000);
        this.figures = new WriteBehindFigures(metrics, this::queueDepth);
        this.flusher = Thread.ofPlatform().daemon().name("session-write-behind").start(this::run);
    }

    /**
     * Queues a merge of {@code data} (and {@code chatId} when not null) into the session. The future yields
     * true once stored, false when the session does not exist, or fails with 503 when Redis stayed down.
     *
     * @throws ApiException 503 when the queue is full
     */
    public CompletableFuture<Boolean> update(String sessionId, String userId, Map<String, JsonNode> data, String chatId) {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing || waitingUpdates >= queueLimit) {
                figures.rejected.increment();
                throw ApiException.unavailable("Too many session updates waiting; retry shortly")
                        .withHeader("Retry-After", "1");
            }
            PendingWrite write = pending.get(sessionId);
            if (write == null) {
                write = new PendingWrite(userId);
                pending.put(sessionId, write);
            } else {
                figures.merged.increment();
            }
            write.merge(data, chatId, stored);
            waitingUpdates++;
            figures.received.increment();
            work.signal();
        } finally {
            lock.unlock();
        }
        return stored;
    }

    /** {@link #update}, waiting until it is stored; false when the session does not exist. */
    public boolean updateAndWait(String sessionId, String userId, Map<String, JsonNode> data, String chatId) {
        try {
            return update(sessionId, userId, data, chatId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ApiException api ? api : e;
        }
    }

    /** Records that the session was used, extending its life; cheap enough to call on every request. */
    public void touch(String sessionId, String userId) {
        if (!due(lastTouch, sessionId)) {
            return;
        }
        figures.touches.increment();
        lock.lock();
        try {
            // Best effort: a touch never waits and never turns a caller away.
            if (!closing && waitingUpdates < queueLimit) {
                pending.computeIfAbsent(sessionId, id -> new PendingWrite(userId));
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The figures since start. */
    public WriteBehindStats stats() {
        return figures.snapshot();
    }

    private int queueDepth() {
        lock.lock();
        try {
            return waitingUpdates;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Map<String, PendingWrite> round;
        while ((round = nextRound()) != null) {
            int updates = write(round);
            lock.lock();
            try {
                waitingUpdates -= updates;
            } finally {
                lock.unlock();
            }
            forgetOldTouches();
        }
    }

    /** Waits for work (at most the interval at a time); null once closed and drained. */
    private Map<String, PendingWrite> nextRound() {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (closing) {
                    return null;
                }
                work.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            Map<String, PendingWrite> round = pending;
            pending = new LinkedHashMap<>();
            return round;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Writes one round, retrying until it succeeds or Redis stayed down too long; returns its update count. */
    private int write(Map<String, PendingWrite> round) {
        long started = System.nanoTime();
        long giveUp = started + GIVE_UP_AFTER.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                List<Long> results = execute(round);
                figures.roundWritten(System.nanoTime() - started);
                int i = 0;
                for (PendingWrite write : round.values()) {
                    write.complete(results.get(i++) == 1L);
                }
                return updateCount(round);
            } catch (RuntimeException e) {
                figures.failed.increment();
                if (System.nanoTime() > giveUp) {
                    LOG.log(Level.SEVERE, "session writes failed for " + GIVE_UP_AFTER + "; answering 503", e);
                    round.values().forEach(write -> write.fail(ApiException.unavailable("Redis unavailable")));
                    return updateCount(round);
                }
                LOG.log(Level.WARNING, "session write round failed, retrying in " + backoff.toMillis() + " ms: " + e);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One pipeline: a merge script per session, then the extension of user indexes not extended lately. */
    private List<Long> execute(Map<String, PendingWrite> round) {
        RBatch batch = redis.createBatch(BatchOptions.defaults().retryAttempts(0)
                .responseTimeout(3, TimeUnit.SECONDS));
        List<RFuture<Long>> results = new ArrayList<>(round.size());
        Set<String> users = new HashSet<>();
        round.forEach((sessionId, write) -> {
            results.add(store.queueUpdate(batch, sessionId, write.userId, write.data, write.chatId));
            if (write.userId != null && due(lastIndexRefresh, write.userId)) {
                users.add(write.userId);
            }
        });
        users.forEach(user -> store.queueIndexRefresh(batch, user));
        batch.execute();
        figures.commands.add(round.size() + users.size());
        return results.stream().map(RFuture::getNow).toList();
    }

    private static int updateCount(Map<String, PendingWrite> round) {
        return round.values().stream().mapToInt(write -> write.waiters.size()).sum();
    }

    /** True, and noted, when {@code key} was not let through within the last {@code touchEvery}. */
    private boolean due(Map<String, Long> lastTimes, String key) {
        long now = System.currentTimeMillis();
        Long last = lastTimes.get(key);
        if (last != null && now - last < touchEveryMillis) {
            return false;
        }
        lastTimes.put(key, now);
        return true;
    }

    private void forgetOldTouches() {
        long cutoff = System.currentTimeMillis() - touchEveryMillis;
        for (Map<String, Long> lastTimes : List.of(lastTouch, lastIndexRefresh)) {
            if (lastTimes.size() > 10_000) {
                lastTimes.values().removeIf(time -> time < cutoff);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking updates and writes what is queued, waiting a bounded time for Redis. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            if (!flusher.join(CLOSE_WAIT)) {
                LOG.warning("session writes still pending at shutdown: " + queueDepth());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
