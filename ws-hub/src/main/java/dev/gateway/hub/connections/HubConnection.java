package dev.gateway.hub.connections;

import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.SerialSession;

/**
 * One accepted socket: who holds it, the session it belongs to, and the session its token came from
 * (they differ when a client connects to a session it created after login).
 */
public record HubConnection(String id, Principal principal, String sessionId, SerialSession socket, long connectedAtMillis) {

    public String userId() {
        return principal.userId();
    }

    public String tokenSessionId() {
        return principal.sessionId();
    }
}
