package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** The server's liveness ping, sent at {@code millis} (wall clock). */
    static String ping(long millis) {
        return Json.object().put("type", "ping").put("timestamp", millis / 1000.0).toString();
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

    static String chatAck(String id) {
        return Json.object().put("type", "chat_ack").put("id", id).toString();
    }

    /** A chat message as stored in the conversation and, with its type, as delivered. */
    static ObjectNode chatEntry(String id, String from, String content) {
        return Json.object().put("id", id).put("from", from).put("content", content).put("timestamp", now());
    }

    static String chatMessage(ObjectNode entry) {
        ObjectNode message = Json.object().put("type", "chat_message");
        message.setAll(entry);
        return message.toString();
    }

    static String broadcast(JsonNode message, String from) {
        ObjectNode broadcast = Json.object().put("type", "broadcast");
        broadcast.set("message", message);
        return broadcast.put("from", from).put("timestamp", now()).toString();
    }

    static String adminResponse(String command, JsonNode data) {
        ObjectNode response = Json.object().put("type", "admin_response").put("command", command);
        response.set("data", data);
        return response.toString();
    }

    /** A dynamic route's answer: {@code {"type":"<name>_response","data":...}}. */
    static String routeResponse(String route, JsonNode data) {
        ObjectNode response = Json.object().put("type", route + "_response");
        response.set("data", data);
        return response.toString();
    }

    static String error(String message) {
        return Json.object().put("type", "error").put("message", message).toString();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
