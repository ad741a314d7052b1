package dev.gateway.common.sessions;

/** A session as listed for its user. */
public record SessionSummary(String sessionId, String chatId, double createdAt, double lastAccess) {
}
