package dev.gateway.hub.liveness;

import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes sockets whose session is gone without an event having said so (it expired, or the event was
 * lost): every {@code period}, one pipelined existence check of the sessions this hub's sockets belong to.
 */
public final class SessionWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionWatch.class.getName());

    private final ConnectionRegistry registry;
    private final SessionStore sessions;
    private final LivenessMonitor.Closer closer;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "ws-session-watch"));

    /** Sessions are checked every {@code period}. */
    public SessionWatch(ConnectionRegistry registry, SessionStore sessions, Duration period,
                        LivenessMonitor.Closer closer) {
        this.registry = registry;
        this.sessions = sessions;
        this.closer = closer;
        checker.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            List<HubConnection> all = registry.all();
            Set<String> ids = new HashSet<>();
            all.forEach(connection -> {
                ids.add(connection.sessionId());
                ids.add(connection.tokenSessionId());
            });
            Set<String> live = sessions.existing(ids);
            for (HubConnection connection : all) {
                if (!live.contains(connection.sessionId()) || !live.contains(connection.tokenSessionId())) {
                    // No event said so: the session expired (or its event was lost, which ends it all the same).
                    closer.close(connection, CloseCodes.NORMAL, "Session expired");
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable: keep the sockets; the next round checks again.
            LOG.log(Level.FINE, "session check skipped", e);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
