package dev.gateway.common.tokens;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a short time which user owns a live session, so that a burst of requests does not read
 * Redis for each one. An ended session leaves a marker for the same time, so that a Redis read that
 * was already under way when the session ended cannot put it back.
 */
final class SessionCheckCache {
    private static final int PURGE_ABOVE = 50_000;

    /** {@code owner} is null for an ended session. */
    private record Entry(String owner, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final Clock clock;

    SessionCheckCache(Duration ttl, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The cached owner; empty when unknown. {@link #isEnded} tells an ended session apart. */
    Optional<String> owner(String sessionId) {
        Entry entry = fresh(sessionId);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.owner());
    }

    boolean isEnded(String sessionId) {
        Entry entry = fresh(sessionId);
        return entry != null && entry.owner() == null;
    }

    /** Caches a live session unless it ended meanwhile. */
    void remember(String sessionId, String owner) {
        if (ttlMillis == 0) {
            return;
        }
        long now = clock.millis();
        if (entries.size() > PURGE_ABOVE) {
            entries.values().removeIf(entry -> entry.expiresAtMillis() <= now);
        }
        entries.compute(sessionId, (id, old) -> old != null && old.owner() == null && old.expiresAtMillis() > now
                ? old : new Entry(owner, now + ttlMillis));
    }

    void ended(String sessionId) {
        entries.put(sessionId, new Entry(null, clock.millis() + Math.max(ttlMillis, 1)));
    }

    private Entry fresh(String sessionId) {
        Entry entry = entries.get(sessionId);
        return entry != null && entry.expiresAtMillis() > clock.millis() ? entry : null;
    }
}
