package dev.gateway.hub.protocol;

import dev.gateway.common.config.Settings.WebSocketSettings;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.ConnectionRecords.HubEntry;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.common.server.CommonServices;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.SendQueue;
import dev.gateway.common.websocket.SerialSession;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;
import dev.gateway.hub.connections.HubLiveness;
import dev.gateway.hub.liveness.Liveness;
import dev.gateway.hub.liveness.LivenessMonitor;
import dev.gateway.hub.liveness.SessionWatch;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The hub's WebSocket side: creates an endpoint per socket, enforces the connection limits, keeps the
 * registry, delivers control events (session ended, kick, broadcast) and per-user events, and drains.
 */
public final class HubSockets implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HubSockets.class.getName());
    /** How long a socket whose client stopped reading may take to accept its 1013 close frame. */
    private static final Duration SLOW_CLIENT_GRACE = Duration.ofSeconds(2);

    private final Authenticator authenticator;
    private final SessionStore sessions;
    private final ConnectionRegistry registry;
    private final ControlEvents events;
    private final ConnectionRecords records;
    private final UserEvents userEvents;
    private final WebSocketSettings settings;
    private final String gatewayId;
    private final HubMetrics metrics;
    private final MessageHandler handler;
    private final UpdateAudience audience;
    private final LivenessMonitor liveness;
    private final SessionWatch sessionWatch;
    private final SessionWriteBehind writeBehind;
    private final HubLiveness hubLiveness;
    private final String subscription;
    private final String userSubscription;
    private volatile boolean draining;

    /**
     * {@code hubLiveness} keeps the hub's heartbeat and its users' last activity in the connection records;
     * {@code routes} answers the message types of WebSocket-enabled dynamic routes.
     */
    public HubSockets(CommonServices common, ConnectionRegistry registry, HubMetrics metrics, HubLiveness hubLiveness,
                      RouteTable routes) {
        this.authenticator = common.authenticator();
        this.sessions = common.sessions();
        this.registry = registry;
        this.events = common.events();
        this.records = common.connections();
        this.userEvents = common.userEvents();
        this.settings = common.settings().websockets();
        this.gatewayId = common.settings().instanceId();
        this.metrics = metrics;
        this.writeBehind = common.writeBehind();
        this.hubLiveness = hubLiveness;
        this.audience = new UpdateAudience(records, registry, gatewayId);
        this.handler = new MessageHandler(writeBehind, gatewayId,
                new ChatMessages(sessions, userEvents, common.settings().sessions().conversationLimit()),
                new AdminCommands(sessions, records, registry, events, userEvents, metrics, gatewayId),
                new RouteMessages(routes, settings.maxMessageBytes(), common.settings().edge().routesAllowLinkLocal()),
                userEvents, audience, metrics);
        this.liveness = new LivenessMonitor(registry, settings, HubMessages::ping, this::closeAndRelease);
        this.sessionWatch = new SessionWatch(registry, sessions, settings.pingInterval(), this::closeAndRelease);
        this.subscription = events.subscribe(this::onControlEvent);
        this.userSubscription = userEvents.subscribe(gatewayId, this::onUserEvent);
    }

    public WsRouting.Builder routing() {
        return WsRouting.builder().endpoint("/ws/connect", () -> (WsListener) new HubEndpoint(this));
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Registers an authenticated socket; null when a connection limit refused it (closed with 1013) or its
     * session ended meanwhile (closed with 1000).
     */
    HubConnection accept(Principal principal, String sessionId, SerialSession socket) {
        String refusal = refusal(principal.userId());
        if (refusal != null) {
            socket.close(draining ? CloseCodes.GOING_AWAY : CloseCodes.TRY_AGAIN_LATER, refusal);
            metrics.closed(draining ? CloseCodes.GOING_AWAY : CloseCodes.TRY_AGAIN_LATER);
            return null;
        }
        SendQueue queue = new SendQueue(socket, settings.sendQueueMessages(), () -> slowClient(socket), metrics::sent);
        HubConnection connection = new HubConnection(UUID.randomUUID().toString(), principal, sessionId, queue,
                System.currentTimeMillis(), new Liveness(System.nanoTime()));
        registry.add(connection);
        hubLiveness.watch(connection);
        try {
            records.opened(principal.userId(), gatewayId, sessionId);
            // A session that ended between the check and the registration would otherwise keep this socket;
            // checked before the welcome, so that a client never sees "connected" on a dead session.
            if (sessions.owner(sessionId).isEmpty() || sessions.owner(principal.sessionId()).isEmpty()) {
                closeAndRelease(connection, CloseCodes.NORMAL, "Session ended");
                return null;
            }
            connection.socket().send(HubMessages.connected(principal.userId(), sessionId, gatewayId,
                    settings.pingInterval().toSeconds(), settings.inactivityTimeout().toSeconds()));
        } catch (RuntimeException e) {
            // Redis failed half-way: forget the socket here; the endpoint closes it.
            release(connection, CloseCodes.TRY_AGAIN_LATER);
            throw e;
        }
        return connection;
    }

    private String refusal(String userId) {
        if (draining) {
            return CloseCodes.GOING_AWAY_REASON;
        }
        if (registry.active() >= settings.maxConnectionsPerHub()) {
            return "Hub at capacity";
        }
        int sockets = records.entries(userId).values().stream().mapToInt(HubEntry::sockets).sum();
        return sockets >= settings.maxConnectionsPerUser() ? "Too many connections for this user" : null;
    }

    void release(HubConnection connection, int code) {
        hubLiveness.forget(connection);
        if (registry.remove(connection)) {
            connection.socket().stop();
            metrics.closed(code);
            records.closed(connection.userId(), gatewayId);
        }
    }

    Authenticator authenticator() {
        return authenticator;
    }

    SessionStore sessions() {
        return sessions;
    }

    MessageHandler handler() {
        return handler;
    }

    /**
     * A client message arrived on {@code connection}: it keeps the socket and its session alive. Both the
     * session's extension and the connection record's activity are coalesced before they reach Redis.
     */
    void messageFrom(HubConnection connection) {
        connection.liveness().activity(System.nanoTime());
        writeBehind.touch(connection.sessionId(), connection.userId());
        hubLiveness.active(connection.userId());
    }

    /** Releases a socket whose peer vanished without a close frame (found by {@link HubLiveness}). */
    public void dropped(HubConnection connection) {
        release(connection, CloseCodes.ABNORMAL);
    }

    /** The client stopped reading: its 1013 close is queued; drop the connection if it cannot be written. */
    private void slowClient(SerialSession socket) {
        metrics.dropped();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(SLOW_CLIENT_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.abort();
        });
    }

    private void onControlEvent(ControlEvent event) {
        List<HubConnection> affected = switch (event.type()) {
            case ControlEvent.SESSION_ENDED -> registry.forSession(event.sessionId());
            case ControlEvent.KICK -> registry.forUser(event.userId());
            default -> List.of();
        };
        for (HubConnection connection : affected) {
            closeAndRelease(connection, event.closeCode(), event.reason());
        }
        if (ControlEvent.BROADCAST.equals(event.type())) {
            registry.all().forEach(connection -> connection.socket().send(event.message()));
        }
    }

    private void onUserEvent(UserEvent event) {
        for (HubConnection connection : registry.forUser(event.userId())) {
            if (!connection.id().equals(event.originSocket())) {
                connection.socket().send(event.message());
            }
        }
    }

    private void closeAndRelease(HubConnection connection, int code, String reason) {
        connection.socket().close(code, reason);
        release(connection, code);
        LOG.fine("closed socket of " + connection.userId() + ": " + reason);
    }

    /**
     * Refuses new sockets and closes every open one with 1001, spread evenly over the drain window so that
     * clients do not all reconnect at the same moment.
     */
    public void drain() {
        draining = true;
        List<HubConnection> open = registry.all();
        long pauseNanos = open.isEmpty() ? 0 : settings.drainWindow().toNanos() / open.size();
        for (HubConnection connection : open) {
            closeAndRelease(connection, CloseCodes.GOING_AWAY, CloseCodes.GOING_AWAY_REASON);
            try {
                Thread.sleep(Duration.ofNanos(pauseNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        liveness.close();
        audience.close();
        sessionWatch.close();
        events.unsubscribe(subscription);
        userEvents.unsubscribe(gatewayId, userSubscription);
    }
}
