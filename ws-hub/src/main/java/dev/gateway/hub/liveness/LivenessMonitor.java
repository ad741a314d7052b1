package dev.gateway.hub.liveness;

import dev.gateway.common.config.Settings.WebSocketSettings;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends the JSON pings of API.md and closes sockets that owe a pong for longer than the pong timeout or
 * were silent for the inactivity timeout. One thread sweeps every socket a few times per second, so the
 * cost is one pass over the registry, not a timer per socket.
 */
public final class LivenessMonitor implements AutoCloseable {
    private static final long SWEEP_MILLIS = 250;

    private final ConnectionRegistry registry;
    private final WebSocketSettings settings;
    private final Function<Long, String> ping;
    private final Closer closer;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "ws-liveness"));

    /** Closes a socket with a code and reason. */
    public interface Closer {
        void close(HubConnection connection, int code, String reason);
    }

    /** {@code ping} builds the ping message for a wall-clock time in milliseconds. */
    public LivenessMonitor(ConnectionRegistry registry, WebSocketSettings settings, Function<Long, String> ping,
                           Closer closer) {
        this.registry = registry;
        this.settings = settings;
        this.ping = ping;
        this.closer = closer;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (HubConnection connection : registry.all()) {
            switch (connection.liveness().check(now, settings)) {
                case PING -> connection.socket().send(ping.apply(System.currentTimeMillis()));
                case PONG_TIMEOUT -> closer.close(connection, CloseCodes.POLICY_VIOLATION, CloseCodes.PONG_TIMEOUT);
                case INACTIVE -> closer.close(connection, CloseCodes.POLICY_VIOLATION, CloseCodes.INACTIVITY_TIMEOUT);
                case ALIVE -> { }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
