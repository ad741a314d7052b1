package dev.gateway.auth.admin;

import dev.gateway.auth.accounts.UserStore;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionTerminator;
import dev.gateway.common.tokens.Principal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The figures of the admin stats endpoints and the session index cleanup. */
public final class SystemAdmin {
    private final UserStore users;
    private final SessionStore sessions;
    private final SessionTerminator terminator;
    private final ConnectionRecords connections;
    private final Supplier<Object> batcherFigures;
    private final String instanceId;
    private final Clock clock;

    /**
     * {@code batcherFigures} supplies the write-behind batchers' figures of every instance for the system stats.
     */
    public SystemAdmin(UserStore users, SessionStore sessions, SessionTerminator terminator,
                       ConnectionRecords connections, Supplier<Object> batcherFigures, String instanceId, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.terminator = terminator;
        this.connections = connections;
        this.batcherFigures = batcherFigures;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** Accounts by role; counted by SCAN, so it costs one pass over the user keys. */
    public Map<String, Object> userStats() {
        AtomicLong total = new AtomicLong();
        AtomicLong admins = new AtomicLong();
        users.forEach(user -> {
            total.incrementAndGet();
            if (Principal.ADMIN.equals(user.role())) {
                admins.incrementAndGet();
            }
        });
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_users", total.get());
        stats.put("admins", admins.get());
        stats.put("regular_users", total.get() - admins.get());
        return stats;
    }

    public Map<String, Object> systemStats() {
        Map<String, Integer> perHub = connections.socketsPerHub();
        Map<String, Object> connectionStats = new LinkedHashMap<>();
        connectionStats.put("total", perHub.values().stream().mapToInt(Integer::intValue).sum());
        connectionStats.put("per_hub", perHub);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("timestamp", clock.millis() / 1000.0);
        stats.put("instance_id", instanceId);
        stats.put("users", userStats());
        stats.put("sessions", Map.of("active", sessions.count()));
        stats.put("connections", connectionStats);
        stats.put("batcher", batcherFigures.get());
        return stats;
    }

    /**
     * Removes index entries of sessions that are gone and ends sessions whose account no longer exists
     * (left behind if an instance stopped midway through a deletion).
     */
    public Map<String, Object> cleanupSessions() {
        List<String> orphanOwners = new ArrayList<>();
        int removedEntries = sessions.pruneIndexes(user -> {
            if (users.find(user).isEmpty()) {
                orphanOwners.add(user);
            }
        });
        int endedSessions = 0;
        for (String owner : orphanOwners) {
            endedSessions += terminator.endAll(owner, "Account deleted");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", "Session cleanup completed");
        result.put("removed_index_entries", removedEntries);
        result.put("ended_orphan_sessions", endedSessions);
        return result;
    }
}
