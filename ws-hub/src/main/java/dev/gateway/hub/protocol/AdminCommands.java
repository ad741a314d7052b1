package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.ConnectionRecords.HubEntry;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubConnection;

import java.util.Map;

/**
 * {@code admin_command} for admins: user_stats, system_stats, broadcast (to everyone through the control
 * events every hub reads, or to one user through the hubs holding that user's sockets) and kick.
 */
final class AdminCommands {
    static final String KICK_REASON = "Kicked by an administrator";

    private final SessionStore sessions;
    private final ConnectionRecords records;
    private final ConnectionRegistry registry;
    private final ControlEvents events;
    private final UserEvents userEvents;
    private final HubMetrics metrics;
    private final String gatewayId;
    private final long startedMillis = System.currentTimeMillis();

    AdminCommands(SessionStore sessions, ConnectionRecords records, ConnectionRegistry registry, ControlEvents events,
                  UserEvents userEvents, HubMetrics metrics, String gatewayId) {
        this.sessions = sessions;
        this.records = records;
        this.registry = registry;
        this.events = events;
        this.userEvents = userEvents;
        this.metrics = metrics;
        this.gatewayId = gatewayId;
    }

    void handle(HubConnection connection, JsonNode message) {
        JsonNode command = message.get("command");
        if (command == null || !command.isTextual() || command.asText().isEmpty()) {
            connection.socket().send(HubMessages.error("Missing admin command"));
            return;
        }
        String name = command.asText();
        JsonNode userId = message.get("user_id");
        if (userId != null && !userId.isNull() && (!userId.isTextual() || userId.asText().isEmpty())) {
            connection.socket().send(HubMessages.error("Invalid admin_command: 'user_id' must be a non-empty string"));
            return;
        }
        String target = userId == null || userId.isNull() ? null : userId.asText();
        JsonNode data = switch (name) {
            case "user_stats" -> userStats(target == null ? connection.userId() : target);
            case "system_stats" -> systemStats();
            case "broadcast" -> broadcast(connection, message.get("message"), target);
            case "kick" -> kick(target);
            default -> null;
        };
        if (data == null) {
            connection.socket().send(HubMessages.error(switch (name) {
                case "broadcast" -> "Invalid admin_command: 'message' is required";
                case "kick" -> "Invalid admin_command: 'user_id' is required";
                default -> "Unknown admin command: " + name;
            }));
            return;
        }
        connection.socket().send(HubMessages.adminResponse(name, data));
    }

    private JsonNode userStats(String userId) {
        ObjectNode hubs = Json.object();
        int sockets = 0;
        for (Map.Entry<String, HubEntry> entry : records.entries(userId).entrySet()) {
            HubEntry hub = entry.getValue();
            sockets += hub.sockets();
            hubs.set(entry.getKey(), Json.object()
                    .put("sockets", hub.sockets())
                    .put("session_id", hub.sessionId())
                    .put("connected_at", hub.connectedAtMillis() / 1000.0)
                    .put("last_activity", hub.lastActivityMillis() / 1000.0));
        }
        ObjectNode stats = Json.object().put("user_id", userId).put("sockets", sockets);
        stats.set("hubs", hubs);
        return stats.put("sessions", sessions.listForUser(userId).size());
    }

    private JsonNode systemStats() {
        return Json.object()
                .put("gateway_id", gatewayId)
                .put("active_connections", registry.active())
                .put("users", registry.users())
                .put("messages_in", metrics.messagesIn())
                .put("messages_out", metrics.messagesOut())
                .put("send_queue_drops", metrics.drops())
                .put("uptime_seconds", (System.currentTimeMillis() - startedMillis) / 1000);
    }

    private JsonNode broadcast(HubConnection sender, JsonNode message, String userId) {
        if (message == null || message.isNull()) {
            return null;
        }
        String push = HubMessages.broadcast(message, sender.userId());
        if (userId == null) {
            events.publish(ControlEvent.broadcast(push));
            return Json.object().put("delivered_to", "all");
        }
        int hubs = userEvents.publish(new UserEvent(userId, null, push));
        return Json.object().put("delivered_to", userId).put("hubs", hubs);
    }

    private JsonNode kick(String userId) {
        if (userId == null) {
            return null;
        }
        events.publish(ControlEvent.kick(userId, KICK_REASON));
        return Json.object().put("kicked", userId);
    }
}
