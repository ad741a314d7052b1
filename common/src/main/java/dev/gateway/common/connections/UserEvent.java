package dev.gateway.common.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;

/**
 * A message for every socket of one user ({@code session_updated}, chat, a broadcast to one user).
 * {@code originSocket}, when set, is the socket that caused it and does not receive it. {@code eventId}
 * is its id in the user's event log, set by {@link UserEvents#publish}, so event streams can resume.
 */
public record UserEvent(String userId, String originSocket, String message, String eventId) {

    public UserEvent(String userId, String originSocket, String message) {
        this(userId, originSocket, message, null);
    }

    /**
     * The {@code session_updated} push of API.md for an update of {@code sessionId}'s data, from HTTP or
     * from the socket {@code originSocket} (which has its ack and is skipped).
     */
    public static UserEvent sessionUpdated(String userId, String originSocket, String sessionId, JsonNode updates,
                                           String chatId) {
        ObjectNode pushed = Json.object().put("type", "session_updated").put("session_id", sessionId);
        pushed.set("updates", updates);
        pushed.put("chat_id", chatId);
        return new UserEvent(userId, originSocket, pushed.toString());
    }
}
