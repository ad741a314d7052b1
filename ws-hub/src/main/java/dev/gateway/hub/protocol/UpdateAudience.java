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

    /** The answer without Redis when it is known (another local socket, or a fresh record); null otherwise. */
    Boolean known(HubConnection sender) {
        if (registry.forUser(sender.userId()).size() > 1) {
            return true;
        }
        Seen seen = elsewhere.get(sender.userId());
        return seen == null || System.nanoTime() - seen.atNanos() > REFRESH_NANOS ? null : seen.otherHubs();
    }

    /** The answer, reading the user's connection record when it is not known; blocks on Redis then. */
    boolean beyond(HubConnection sender) {
        Boolean known = known(sender);
        if (known != null) {
            return known;
        }
        if (elsewhere.size() >= MAX_USERS) {
            elsewhere.clear();
        }
        Seen seen = new Seen(records.hubsOf(sender.userId()).stream().anyMatch(hub -> !hub.equals(hubId)),
                System.nanoTime());
        elsewhere.put(sender.userId(), seen);
        return seen.otherHubs();
    }

    private record Seen(boolean otherHubs, long atNanos) {
    }
}
