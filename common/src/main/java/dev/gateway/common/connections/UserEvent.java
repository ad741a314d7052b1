package dev.gateway.common.connections;

/**
 * A message for every socket of one user ({@code session_updated}, chat, a broadcast to one user).
 * {@code originSocket}, when set, is the socket that caused it and does not receive it. {@code eventId}
 * is its id in the user's event log, set by {@link UserEvents#publish}, so event streams can resume.
 */
public record UserEvent(String userId, String originSocket, String message, String eventId) {

    public UserEvent(String userId, String originSocket, String message) {
        this(userId, originSocket, message, null);
    }
}
