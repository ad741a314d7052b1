package dev.gateway.hub.protocol;

import dev.gateway.common.config.Settings.WebSocketSettings;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.SerialSession;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;
import dev.gateway.hub.connections.HubLiveness;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * The hub's WebSocket side: creates an endpoint per socket, keeps the registry, and closes sockets whose
 * session ended anywhere (control events from every instance).
 */
public final class HubSockets implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HubSockets.class.getName());

    private final Authenticator authenticator;
    private final SessionStore sessions;
    private final ConnectionRegistry registry;
    private final ControlEvents events;
    private final ConnectionRecords records;
    private final UserEvents userEvents;
    private final HubLiveness liveness;
    private final WebSocketSettings settings;
    private final String gatewayId;
    private final MessageHandler handler;
    private final String subscription;
    private final String userSubscription;

    public HubSockets(Authenticator authenticator, SessionStore sessions, ConnectionRegistry registry,
                      ControlEvents events, ConnectionRecords records, UserEvents userEvents,
                      SessionWriteBehind writeBehind, HubLiveness liveness,
                      WebSocketSettings settings, String gatewayId) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.registry = registry;
        this.events = events;
        this.records = records;
        this.userEvents = userEvents;
        this.liveness = liveness;
        this.settings = settings;
        this.gatewayId = gatewayId;
        this.handler = new MessageHandler(writeBehind, gatewayId, connection -> {
            // Sliding expiry and the connection record's last activity, both coalesced before Redis.
            writeBehind.touch(connection.sessionId(), connection.userId());
            liveness.active(connection.userId());
        });
        this.subscription = events.subscribe(this::onControlEvent);
        this.userSubscription = userEvents.subscribe(gatewayId, this::onUserEvent);
    }

    public WsRouting.Builder routing() {
        return WsRouting.builder().endpoint("/ws/connect", () -> (WsListener) new HubEndpoint(this));
    }

    public int maxMessageBytes() {
        return settings.maxMessageBytes();
    }

    HubConnection accept(Principal principal, String sessionId, SerialSession socket) {
        HubConnection connection = new HubConnection(UUID.randomUUID().toString(), principal, sessionId, socket,
                System.currentTimeMillis());
        registry.add(connection);
        liveness.watch(connection);
        records.opened(principal.userId(), gatewayId, sessionId);
        socket.send(HubMessages.connected(principal.userId(), sessionId, gatewayId,
                settings.pingInterval().toSeconds(), settings.inactivityTimeout().toSeconds()));
        // A session that ended between the check and the registration would otherwise keep this socket.
        if (sessions.owner(sessionId).isEmpty() || sessions.owner(principal.sessionId()).isEmpty()) {
            closeAndRelease(connection, CloseCodes.NORMAL, "Session ended");
        }
        return connection;
    }

    void release(HubConnection connection) {
        liveness.forget(connection);
        if (registry.remove(connection)) {
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

    private void onControlEvent(ControlEvent event) {
        if (ControlEvent.SESSION_ENDED.equals(event.type())) {
            endSession(event.sessionId(), event.closeCode(), event.reason());
        }
    }

    /** Releases a socket whose peer vanished without a close frame (found by {@link HubLiveness}). */
    public void dropped(HubConnection connection) {
        connection.socket().markClosed();
        release(connection);
    }

    /** Closes this hub's sockets of a session that expired (found by {@link HubLiveness}). */
    public void sessionExpired(String sessionId) {
        endSession(sessionId, CloseCodes.NORMAL, "Session expired");
    }

    private void endSession(String sessionId, int code, String reason) {
        for (HubConnection connection : registry.forSession(sessionId)) {
            closeAndRelease(connection, code, reason);
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
        release(connection);
        LOG.fine("closed socket of " + connection.userId() + ": " + reason);
    }

    @Override
    public void close() {
        events.unsubscribe(subscription);
        userEvents.unsubscribe(gatewayId, userSubscription);
    }
}
