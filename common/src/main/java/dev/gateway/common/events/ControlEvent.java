package dev.gateway.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * An event every instance must see: a session ended (logout, new login, deletion, expiry), a user was
 * kicked, or a message is broadcast to every socket. Hubs close the affected sockets with
 * {@code closeCode} and {@code reason}; services drop cached token checks. {@code message} is the pushed
 * text of a broadcast.
 */
public record ControlEvent(String type, String sessionId, String userId, int closeCode, String reason, String message) {
    public static final String SESSION_ENDED = "session_ended";
    public static final String KICK = "kick";
    public static final String BROADCAST = "broadcast";

    @JsonCreator
    public ControlEvent {
    }

    public ControlEvent(String type, String sessionId, String userId, int closeCode, String reason) {
        this(type, sessionId, userId, closeCode, reason, null);
    }

    public static ControlEvent sessionEnded(String sessionId, String userId, String reason) {
        return new ControlEvent(SESSION_ENDED, sessionId, userId, 1000, reason);
    }

    /** Closes every socket of {@code userId} on every hub. */
    public static ControlEvent kick(String userId, String reason) {
        return new ControlEvent(KICK, null, userId, 1000, reason);
    }

    /** Pushes {@code message} to every socket on every hub. */
    public static ControlEvent broadcast(String message) {
        return new ControlEvent(BROADCAST, null, null, 0, null, message);
    }
}
