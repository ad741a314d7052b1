package dev.gateway.hub.connections;

import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.SendQueue;
import dev.gateway.hub.liveness.Liveness;

/**
 * One accepted socket: who holds it, the session it belongs to, and the session its token came from
 * (they differ when a client connects to a session it created after login). Everything sent to the client
 * goes through {@link #socket()}, its bounded send queue.
 */
public record HubConnection(String id, Principal principal, String sessionId, SendQueue socket,
                            long connectedAtMillis, Liveness liveness) {

    public String userId() {
        return principal.userId();
    }

    public String tokenSessionId() {
        return principal.sessionId();
    }
}
