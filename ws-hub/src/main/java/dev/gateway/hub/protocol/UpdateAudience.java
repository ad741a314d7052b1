package dev.gateway.hub.protocol;

import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether anyone but the sending socket would receive a user's {@code session_updated}: another socket on
 * this hub, or any socket or event stream elsewhere (another hub in the user's connection record). The
 * first update of a user reads the record; after that the answer is renewed once a second for every user
 * who sent updates, all of them in one pipelined round, so that a user with one socket, the common case,
 * costs no Redis round trip per update; a socket opened elsewhere is seen within two seconds (a second
 * until the answer is stale, at most one more until the round that renews it).
 */
final class UpdateAudience implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UpdateAudience.class.getName());
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** An answer this old is read again before use: the rounds that renew it have been failing. */
    private static final long TRUSTED_NANOS = 5 * REFRESH_NANOS;
    /** Users remembered at once; past it the memory starts again rather than grow without bound. */
    private static final int MAX_USERS = 100_000;

    private final ConnectionRecords records;
    private final ConnectionRegistry registry;
    private final String hubId;
    private final Map<String, Seen> elsewhere = new ConcurrentHashMap<>();
    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("update-audience-refresh").daemon().factory());

    UpdateAudience(ConnectionRecords records, ConnectionRegistry registry, String hubId) {
        this.records = records;
        this.registry = registry;
        this.hubId = hubId;
        long every = TimeUnit.NANOSECONDS.toMillis(REFRESH_NANOS);
        refresher.scheduleWithFixedDelay(this::refreshDue, every, every, TimeUnit.MILLISECONDS);
    }

    /** The answer without Redis when it is known (another local socket, or a recent record); null otherwise. */
    Boolean known(HubConnection sender) {
        if (registry.forUser(sender.userId()).size() > 1) {
            return true;
        }
        Seen seen = elsewhere.get(sender.userId());
        if (seen == null) {
            return null;
        }
        long age = System.nanoTime() - seen.atNanos();
        if (age > REFRESH_NANOS) {
            due.add(sender.userId());
        }
        return age > TRUSTED_NANOS ? null : seen.otherHubs();
    }

    /** The answer, reading the user's connection record when it is not known; blocks on Redis then. */
    boolean beyond(HubConnection sender) {
        Boolean known = known(sender);
        if (known != null) {
            return known;
        }
        boolean otherHubs = hasOtherHub(records.hubsOf(sender.userId()));
        remember(sender.userId(), otherHubs);
        return otherHubs;
    }

    /** One pipelined read of the records of every user whose answer aged since the last round. */
    private void refreshDue() {
        List<String> users = new ArrayList<>(due);
        if (users.isEmpty()) {
            return;
        }
        due.removeAll(users);
        try {
            records.hubsOf(users).forEach((user, hubs) -> remember(user, hasOtherHub(hubs)));
        } catch (RuntimeException e) {
            // the answers age on; past TRUSTED_NANOS each update reads its record again itself
            LOG.log(Level.FINE, "update audience round failed", e);
        }
    }

    private boolean hasOtherHub(Set<String> hubs) {
        return hubs.stream().anyMatch(hub -> !hub.equals(hubId));
    }

    private void remember(String userId, boolean otherHubs) {
        if (elsewhere.size() >= MAX_USERS) {
            elsewhere.clear();
        }
        elsewhere.put(userId, new Seen(otherHubs, System.nanoTime()));
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private record Seen(boolean otherHubs, long atNanos) {
    }
}
