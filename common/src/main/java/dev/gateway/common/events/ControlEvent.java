package dev.gateway.common.events;

/**
 * An event every instance must see: a session ended (logout, new login, deletion, expiry). Hubs close
 * the session's sockets with {@code closeCode} and {@code reason}; services drop cached token checks.
 */
public record ControlEvent(String type, String sessionId, String userId, int closeCode, String reason) {
    public static final String SESSION_ENDED = "session_ended";

    public static ControlEvent sessionEnded(String sessionId, String userId, String reason) {
        return new ControlEvent(SESSION_ENDED, sessionId, userId, 1000, reason);
    }
}
