package dev.gateway.hub.connections;

import dev.gateway.common.connections.ConnectionRecords;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hub's periodic duties towards Redis: keeps its heartbeat alive (so that readers of the connection
 * records can tell a dead hub's entries), writes the users' latest socket activity into their connection
 * records (once per period, not once per message), and finds sockets whose connection ended without a
 * close frame. (Sockets of expired sessions are found by the hub's SessionWatch.)
 */
public final class HubLiveness implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HubLiveness.class.getName());
    private static final Duration MIN_PERIOD = Duration.ofMillis(500);
    private static final Duration MAX_PERIOD = Duration.ofSeconds(5);
    private static final Duration MIN_HEARTBEAT_TTL = Duration.ofSeconds(15);

    private final ConnectionRecords records;
    private final ConnectionRegistry registry;
    private final String hubId;
    private final Duration period;
    private final Map<String, Long> activity = new ConcurrentHashMap<>();
    private final Map<HubConnection, Thread> readers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("hub-liveness").factory());

    /** {@code sessionTimeout} sets the period: a quarter of it, between 0.5 and 5 seconds. */
    public HubLiveness(ConnectionRecords records, ConnectionRegistry registry, String hubId, Duration sessionTimeout) {
        this.records = records;
        this.registry = registry;
        this.hubId = hubId;
        Duration quarter = sessionTimeout.dividedBy(4);
        this.period = quarter.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : quarter.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : quarter;
        records.heartbeat(hubId, heartbeatTtl(), registry.active());
    }

    /** Starts the periodic work; {@code dropped} releases a socket whose connection is gone. */
    public void start(Consumer<HubConnection> dropped) {
        timer.scheduleWithFixedDelay(() -> tick(dropped), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches a socket just opened, called on its connection's thread. Helidon 4.2 calls no listener when
     * the peer drops the TCP connection without a close frame, but the connection's thread then ends.
     */
    public void watch(HubConnection connection) {
        readers.put(connection, Thread.currentThread());
    }

    public void forget(HubConnection connection) {
        readers.remove(connection);
    }

    /** Notes activity on a socket of {@code userId}; written to the connection record at the next tick. */
    public void active(String userId) {
        activity.put(userId, System.currentTimeMillis());
    }

    private void tick(Consumer<HubConnection> dropped) {
        try {
            readers.forEach((connection, reader) -> {
                if (!reader.isAlive()) {
                    dropped.accept(connection);
                }
            });
            records.heartbeat(hubId, heartbeatTtl(), registry.active());
            Map<String, Long> active = new HashMap<>();
            for (String userId : Set.copyOf(activity.keySet())) {
                active.put(userId, activity.remove(userId));
            }
            if (!active.isEmpty()) {
                records.active(hubId, active);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hub liveness round failed; retrying next period", e);
        }
    }

    private Duration heartbeatTtl() {
        Duration three = period.multipliedBy(3);
        return three.compareTo(MIN_HEARTBEAT_TTL) < 0 ? MIN_HEARTBEAT_TTL : three;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.clear();
        records.stopped(hubId);
    }
}
