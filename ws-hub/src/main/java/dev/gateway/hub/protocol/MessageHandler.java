package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.HubConnection;

import java.util.Map;

/** Answers the client messages of API.md on one socket. */
final class MessageHandler {
    private final SessionStore sessions;
    private final String gatewayId;

    MessageHandler(SessionStore sessions, String gatewayId) {
        this.sessions = sessions;
        this.gatewayId = gatewayId;
    }

    void handle(HubConnection connection, String text) {
        JsonNode message;
        try {
            message = Json.tree(text);
        } catch (Json.MalformedJsonException e) {
            connection.socket().send(HubMessages.error("Invalid JSON"));
            return;
        }
        if (message == null || !message.isObject()) {
            connection.socket().send(HubMessages.error("Invalid JSON"));
            return;
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            connection.socket().send(HubMessages.error("Missing message type"));
            return;
        }
        switch (type.asText()) {
            case "ping" -> connection.socket().send(HubMessages.pong());
            case "pong" -> { }
            case "update_api_key" -> updateApiKey(connection, message.get("key"));
            default -> connection.socket().send(HubMessages.error("Unknown message type: " + type.asText()));
        }
    }

    private void updateApiKey(HubConnection connection, JsonNode key) {
        if (key == null || !key.isTextual()) {
            connection.socket().send(HubMessages.error("Invalid update_api_key: 'key' must be a string"));
            return;
        }
        if (!sessions.update(connection.sessionId(), Map.of("api_key", key), null)) {
            connection.socket().close(CloseCodes.NORMAL, "Session ended");
            return;
        }
        connection.socket().send(HubMessages.ack(key.asText(), connection.sessionId(), gatewayId));
    }
}
