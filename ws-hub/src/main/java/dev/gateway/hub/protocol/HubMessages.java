package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;

/** The server-to-client messages of API.md. */
final class HubMessages {
    private HubMessages() {
    }

    static String connected(String userId, String sessionId, String gatewayId, long pingInterval, long inactivityTimeout) {
        return Json.object()
                .put("type", "connected")
                .put("message", "WebSocket connection established")
                .put("user_id", userId)
                .put("session_id", sessionId)
                .put("gateway_id", gatewayId)
                .put("ping_interval", pingInterval)
                .put("inactivity_timeout", inactivityTimeout)
                .toString();
    }

    static String pong() {
        return Json.object().put("type", "pong").put("timestamp", now()).toString();
    }

    static String ack(String apiKey, String sessionId, String gatewayId) {
        ObjectNode ack = Json.object()
                .put("type", "ack")
                .put("message", "API key update acknowledged")
                .put("api_key", apiKey)
                .put("session_id", sessionId)
                .put("gateway_id", gatewayId);
        ack.putNull("data");
        return ack.toString();
    }

    static String error(String message) {
        return Json.object().put("type", "error").put("message", message).toString();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
