package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.hub.connections.HubConnection;

import java.util.UUID;

/**
 * {@code chat_message}: appended to the session's {@code data.conversation} (the last {@code keepLast}
 * kept), acknowledged, then delivered once to each of the user's other sockets on whichever hub holds them.
 */
final class ChatMessages {
    private static final String CONVERSATION = "conversation";

    private final SessionStore sessions;
    private final UserEvents userEvents;
    private final int keepLast;

    ChatMessages(SessionStore sessions, UserEvents userEvents, int keepLast) {
        this.sessions = sessions;
        this.userEvents = userEvents;
        this.keepLast = keepLast;
    }

    void handle(HubConnection connection, JsonNode message) {
        JsonNode content = message.get("content");
        if (content == null || !content.isTextual() || content.asText().isEmpty()) {
            connection.socket().send(HubMessages.error("Invalid chat_message: 'content' must be a non-empty string"));
            return;
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            connection.socket().send(HubMessages.error("Invalid chat_message: 'id' must be a string"));
            return;
        }
        String messageId = id == null || id.isNull() ? UUID.randomUUID().toString() : id.asText();
        ObjectNode entry = HubMessages.chatEntry(messageId, connection.userId(), content.asText());
        if (!sessions.append(connection.sessionId(), CONVERSATION, entry, keepLast)) {
            connection.socket().close(CloseCodes.NORMAL, "Session ended");
            return;
        }
        connection.socket().send(HubMessages.chatAck(messageId));
        userEvents.publish(new UserEvent(connection.userId(), connection.id(), HubMessages.chatMessage(entry)));
    }
}
