package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A user's session: its owner, optional chat id, free-form {@code data}, and epoch-second timestamps. */
public record Session(String sessionId,
                      String userId,
                      String chatId,
                      Map<String, JsonNode> data,
                      double createdAt,
                      double lastAccess) {
}
