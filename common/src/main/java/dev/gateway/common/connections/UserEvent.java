package dev.gateway.common.connections;

/**
 * A message for every socket of one user ({@code session_updated}, chat, a broadcast to one user).
 * {@code originSocket}, when set, is the socket that caused it and does not receive it.
 */
public record UserEvent(String userId, String originSocket, String message) {
}
