package dev.gateway.common.sessions;

import java.util.List;

/** One page of the admin listing of all sessions; {@code nextCursor} is null on the last page. */
public record SessionPage(List<Entry> sessions, String nextCursor) {

    /** A session as listed for an administrator. */
    public record Entry(String sessionId, String userId, String chatId, double createdAt, double lastAccess) {
    }
}
