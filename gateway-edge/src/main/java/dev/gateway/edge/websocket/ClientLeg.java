package dev.gateway.edge.websocket;

import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.HandshakeToken;
import dev.gateway.common.websocket.SerialSession;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Headers;
import io.helidon.websocket.WsSession;

import java.util.Optional;

/**
 * A client socket on {@code /ws/connect}: accepts the upgrade, checks the token at the edge (a bad one is
 * closed with 1008 before any hub is contacted), then opens the hub leg. The token travels to the hub in the
 * query, whichever way the client sent it.
 */
final class ClientLeg extends ProxiedLeg {
    private final WsProxy proxy;
    private Optional<HandshakeToken> token = Optional.empty();
    private String sessionId;

    ClientLeg(WsProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        noteUpgrade(prologue, headers);
        token = HandshakeToken.find(prologue.query(), headers);
        sessionId = prologue.query().first("session_id").asOptional().orElse(null);
        return upgradeReply(token);
    }

    @Override
    public void onOpen(WsSession session) {
        SerialSession client = new SerialSession(session);
        if (!withinRateLimit(proxy, session, client) || !proxy.admits(client, token.map(HandshakeToken::token).orElse(null))) {
            return;
        }
        Optional<HubLink> hub = proxy.connect(client, sessionId, token.get().token());
        if (hub.isEmpty()) {
            client.close(CloseCodes.TRY_AGAIN_LATER, "No hub available");
            return;
        }
        relayTo(hub.get());
    }
}
