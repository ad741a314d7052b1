package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.HubConnection;

import java.util.Map;
import java.util.function.Consumer;

/** Answers the client messages of API.md on one socket. */
final class MessageHandler {
    private final SessionWriteBehind writeBehind;
    private final String gatewayId;
    private final Consumer<HubConnection> onMessage;

    /** {@code onMessage} sees every message before it is handled (activity, sliding expiry). */
    MessageHandler(SessionWriteBehind writeBehind, String gatewayId, Consumer<HubConnection> onMessage) {
        this.writeBehind = writeBehind;
        this.gatewayId = gatewayId;
        this.onMessage = onMessage;
    }

    void handle(HubConnection connection, String text) {
        onMessage.accept(connection);
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
        try {
            // The ack goes out only after the batch round holding the update is stored.
            writeBehind.update(connection.sessionId(), connection.userId(), Map.of("api_key", key), null)
                    .whenComplete((stored, error) -> {
                        if (error != null) {
                            connection.socket().send(HubMessages.error("Update not stored: Redis unavailable"));
                        } else if (stored) {
                            connection.socket().send(HubMessages.ack(key.asText(), connection.sessionId(), gatewayId));
                        } else {
                            connection.socket().close(CloseCodes.NORMAL, "Session ended");
                        }
                    });
        } catch (ApiException full) {
            connection.socket().close(CloseCodes.TRY_AGAIN_LATER, "Server busy, try again later");
        }
    }
}
