package dev.gateway.hub.connections;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets this hub holds, indexed by session id. A socket is listed under its own session and under
 * its token's session, so that ending either closes it.
 */
public final class ConnectionRegistry {
    private final Map<String, Set<HubConnection>> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<HubConnection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();

    public void add(HubConnection connection) {
        for (String id : keys(connection)) {
            bySession.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(connection);
        }
        byUser.computeIfAbsent(connection.userId(), key -> ConcurrentHashMap.newKeySet()).add(connection);
        active.incrementAndGet();
    }

    /** Removes the connection; false when it had already been removed. */
    public boolean remove(HubConnection connection) {
        boolean removed = false;
        for (String id : keys(connection)) {
            removed |= removeFrom(bySession, id, connection);
        }
        removeFrom(byUser, connection.userId(), connection);
        if (removed) {
            active.decrementAndGet();
        }
        return removed;
    }

    public List<HubConnection> forSession(String sessionId) {
        Set<HubConnection> set = bySession.get(sessionId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Every socket, each once. */
    public List<HubConnection> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }

    /** How many users hold at least one socket here. */
    public int users() {
        return byUser.size();
    }

    public List<HubConnection> forUser(String userId) {
        Set<HubConnection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    private static boolean removeFrom(Map<String, Set<HubConnection>> index, String key, HubConnection connection) {
        Set<HubConnection> set = index.get(key);
        if (set == null || !set.remove(connection)) {
            return false;
        }
        index.computeIfPresent(key, (ignored, current) -> current.isEmpty() ? null : current);
        return true;
    }

    public int active() {
        return active.get();
    }

    private static Set<String> keys(HubConnection connection) {
        return connection.sessionId().equals(connection.tokenSessionId())
                ? Set.of(connection.sessionId())
                : Set.of(connection.sessionId(), connection.tokenSessionId());
    }
}
