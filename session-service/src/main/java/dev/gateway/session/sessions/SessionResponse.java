package dev.gateway.session.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.sessions.Session;

import java.util.Map;

/** The SessionResponse of API.md. */
public record SessionResponse(String sessionId,
                              String userId,
                              String chatId,
                              Map<String, JsonNode> data,
                              String wsUrl,
                              double createdAt,
                              double lastAccess) {

    static SessionResponse of(Session session, String wsUrl) {
        return new SessionResponse(session.sessionId(), session.userId(), session.chatId(), session.data(), wsUrl,
                session.createdAt(), session.lastAccess());
    }
}
