package dev.gateway.edge.websocket;

import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.HandshakeToken;
import dev.gateway.common.websocket.SerialSession;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The client side of a proxied socket: accepts the upgrade, checks the token at the edge (a bad one is closed
 * with 1008 before any hub is contacted), opens the hub leg, and passes frames, control frames and close codes
 * across. The token travels to the hub in the query, whichever way the client sent it.
 */
final class ClientLeg implements WsListener {
    private final WsProxy proxy;
    private Optional<HandshakeToken> token = Optional.empty();
    private String sessionId;
    private HubLink hub;

    ClientLeg(WsProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        token = HandshakeToken.find(prologue.query(), headers);
        sessionId = prologue.query().first("session_id").asOptional().orElse(null);
        if (token.map(HandshakeToken::viaSubprotocol).orElse(false)) {
            WritableHeaders<?> reply = WritableHeaders.create();
            reply.set(HandshakeToken.PROTOCOL, HandshakeToken.BEARER_PROTOCOL);
            return Optional.of(reply);
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        SerialSession client = new SerialSession(session);
        if (!proxy.admits(client, token.map(HandshakeToken::token).orElse(null))) {
            return;
        }
        hub = proxy.connect(client, sessionId, token.get().token()).orElse(null);
        if (hub == null) {
            client.close(CloseCodes.TRY_AGAIN_LATER, "No hub available");
            return;
        }
        closeHubWhenConnectionEnds(Thread.currentThread());
    }

    /**
     * Helidon tells the listener nothing when a client's connection drops without a close frame; it only ends
     * the connection's thread (the one running onOpen). Waiting for that thread closes the hub leg at once.
     */
    private void closeHubWhenConnectionEnds(Thread connection) {
        HubLink link = hub;
        Thread.ofVirtual().name("ws-client-watch").start(() -> {
            try {
                connection.join();
                link.close(CloseCodes.GOING_AWAY, "Client went away");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (hub != null) {
            hub.sendText(text, last);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (hub != null) {
            hub.sendBinary(copy(buffer), last);
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        if (hub != null) {
            hub.sendPing(copy(buffer));
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        if (hub != null) {
            hub.sendPong(copy(buffer));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (hub != null) {
            hub.close(status, reason);
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        if (hub != null) {
            hub.close(CloseCodes.NORMAL, "Client connection failed");
        }
    }

    private static ByteBuffer copy(BufferData buffer) {
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
