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
 * Also keeps sessions alive while their sockets talk, since WebSocket messages count as activity.
 */
public final class SessionWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionWatch.class.getName());

    private final ConnectionRegistry registry;
    private final SessionStore sessions;
    private final LivenessMonitor.Closer closer;
    private final long touchEveryNanos;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "ws-session-watch"));

    /**
     * Sessions are checked every {@code period}; each socket extends its session at most once per tenth of
     * {@code sessionTimeout} (at least a second apart), which keeps it alive with one write in ten.
     */
    public SessionWatch(ConnectionRegistry registry, SessionStore sessions, Duration period, Duration sessionTimeout,
                        LivenessMonitor.Closer closer) {
        this.registry = registry;
        this.sessions = sessions;
        this.closer = closer;
        this.touchEveryNanos = Math.max(Duration.ofSeconds(1).toNanos(), sessionTimeout.dividedBy(10).toNanos());
        checker.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A client message arrived: extends the session's life, at most once per tenth of its timeout. */
    public void messageFrom(HubConnection connection) {
        if (connection.liveness().sessionTouchDue(System.nanoTime(), touchEveryNanos)) {
            try {
                sessions.touch(connection.sessionId());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "session not extended", e);
            }
        }
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
                    closer.close(connection, CloseCodes.NORMAL, "Session ended");
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
