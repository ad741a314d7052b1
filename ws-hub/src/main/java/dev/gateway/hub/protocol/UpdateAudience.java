package dev.gateway.hub.protocol;

import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether anyone but the sending socket would receive a user's {@code session_updated}: another socket on
 * this hub, or any socket or event stream elsewhere (another hub in the user's connection record). The
 * record is read at most once a second per user, so that a user with one socket, the common case, costs
 * no Redis round trip per update; a socket opened elsewhere is seen within that second.
 */
final class UpdateAudience {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Users remembered at once; past it the memory starts again rather than grow without bound. */
    private static final int MAX_USERS = 100_000;

    private final ConnectionRecords records;
    private final ConnectionRegistry registry;
    private final String hubId;
    private final Map<String, Seen> elsewhere = new ConcurrentHashMap<>();

    UpdateAudience(ConnectionRecords records, ConnectionRegistry registry, String hubId) {
        this.records = records;
        this.registry = registry;
        this.hubId = hubId;
    }

    boolean beyond(HubConnection sender) {
        if (registry.forUser(sender.userId()).size() > 1) {
            return true;
        }
        long now = System.nanoTime();
        Seen seen = elsewhere.get(sender.userId());
        if (seen == null || now - seen.atNanos() > REFRESH_NANOS) {
            if (elsewhere.size() >= MAX_USERS) {
                elsewhere.clear();
            }
            seen = new Seen(records.hubsOf(sender.userId()).stream().anyMatch(hub -> !hub.equals(hubId)), now);
            elsewhere.put(sender.userId(), seen);
        }
        return seen.otherHubs();
    }

    private record Seen(boolean otherHubs, long atNanos) {
    }
}
