package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.HubConnection;
import org.redisson.client.RedisException;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers the client messages of API.md on one socket. */
final class MessageHandler {
    private static final Logger LOG = Logger.getLogger(MessageHandler.class.getName());
    private final SessionWriteBehind writeBehind;
    private final String gatewayId;
    private final ChatMessages chat;
    private final AdminCommands admin;
    private final RouteMessages routes;
    private final UserEvents userEvents;
    private final UpdateAudience audience;
    private final HubMetrics metrics;

    MessageHandler(SessionWriteBehind writeBehind, String gatewayId, ChatMessages chat, AdminCommands admin,
                   RouteMessages routes, UserEvents userEvents, UpdateAudience audience, HubMetrics metrics) {
        this.writeBehind = writeBehind;
        this.gatewayId = gatewayId;
        this.chat = chat;
        this.admin = admin;
        this.routes = routes;
        this.userEvents = userEvents;
        this.audience = audience;
        this.metrics = metrics;
    }

    void handle(HubConnection connection, String text) {
        JsonNode message;
        try {
            message = Json.tree(text);
        } catch (Json.MalformedJsonException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            metrics.received("invalid");
            connection.socket().send(HubMessages.error("Invalid JSON"));
            return;
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            metrics.received("invalid");
            connection.socket().send(HubMessages.error("Missing message type"));
            return;
        }
        metrics.received(type.asText());
        try {
            dispatch(connection, type.asText(), message);
        } catch (RedisException e) {
            // Redis is unreachable: the client may retry; the socket itself is fine.
            LOG.log(Level.WARNING, "message not handled, Redis unavailable: " + e.getMessage());
            connection.socket().send(HubMessages.error("Service temporarily unavailable"));
        }
    }

    private void dispatch(HubConnection connection, String type, JsonNode message) {
        switch (type) {
            case "ping" -> connection.socket().send(HubMessages.pong());
            case "pong" -> connection.liveness().answered(System.nanoTime());
            case "update_api_key" -> updateApiKey(connection, message.get("key"));
            case "chat_message" -> chat.handle(connection, message);
            case "admin_command" -> adminCommand(connection, message);
            default -> routes.routeFor(type).ifPresentOrElse(
                    route -> routes.handle(connection, route, message),
                    () -> connection.socket().send(HubMessages.error("Unknown message type: " + type)));
        }
    }

    /**
     * The user's other sockets (on any hub) and event streams, if there are any, learn of the stored update.
     * Off the batcher's completion thread, after the ack, so that neither the ack nor the next round waits.
     */
    private void publishUpdate(HubConnection connection, JsonNode key) {
        if (Boolean.FALSE.equals(audience.known(connection))) {
            return; // the common case, a lone socket: no thread, no Redis
        }
        ObjectNode updates = Json.object();
        updates.set("api_key", key);
        Thread.ofVirtual().start(() -> {
            try {
                if (!audience.beyond(connection)) {
                    return;
                }
                userEvents.publish(UserEvent.sessionUpdated(connection.userId(), connection.id(),
                        connection.sessionId(), updates, null));
            } catch (RedisException e) {
                LOG.log(Level.WARNING, "session_updated not published, Redis unavailable: " + e.getMessage());
            }
        });
    }

    private void adminCommand(HubConnection connection, JsonNode message) {
        if (!connection.principal().isAdmin()) {
            connection.socket().send(HubMessages.error(
                    "Unauthorized: role '" + connection.principal().role() + "' cannot send 'admin_command'"));
            return;
        }
        admin.handle(connection, message);
    }

    private void updateApiKey(HubConnection connection, JsonNode key) {
        if (key == null || !key.isTextual()) {
            connection.socket().send(HubMessages.error("Invalid update_api_key: 'key' must be a string"));
            return;
        }
        try {
            // The ack goes out only after the batch round holding the update is stored.
            writeBehind.update(connection.sessionId(), connection.userId(), Map.of("api_key", key), null)
                    .whenComplete((stored, error) -> {
                        if (error != null) {
                            connection.socket().send(HubMessages.error("Update not stored: Redis unavailable"));
                        } else if (stored) {
                            connection.socket().send(HubMessages.ack(key.asText(), connection.sessionId(), gatewayId));
                            publishUpdate(connection, key);
                        } else {
                            connection.socket().close(CloseCodes.NORMAL, "Session ended");
                        }
                    });
        } catch (ApiException full) {
            connection.socket().close(CloseCodes.TRY_AGAIN_LATER, "Server busy, try again later");
        }
    }
}
