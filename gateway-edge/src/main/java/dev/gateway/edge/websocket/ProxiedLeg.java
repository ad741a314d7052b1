package dev.gateway.edge.websocket;

import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.HandshakeToken;
import io.helidon.common.buffers.BufferData;
import dev.gateway.common.websocket.SerialSession;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The client side of a proxied socket once its upstream leg is open: passes messages, control frames and close
 * codes to the upstream. The client's frames are checked by common's strict connection as the hub's are, so a
 * protocol error (1002, 1007, 1009) closes the client, and then the upstream leg, as does a client that goes
 * away with or without a close frame.
 */
abstract class ProxiedLeg implements WsListener {
    private volatile HubLink upstream;
    private String path;
    private Optional<String> forwardedFor = Optional.empty();

    /** Remembers what the rate limit needs from the upgrade request; call from {@code onHttpUpgrade}. */
    final void noteUpgrade(HttpPrologue prologue, Headers headers) {
        path = prologue.uriPath().rawPath();
        forwardedFor = headers.first(HeaderNames.X_FORWARDED_FOR);
    }

    /**
     * Spends the client's per-IP budget for this upgrade; when it is used up the socket is closed with 1013
     * "Rate limited" (upgrades bypass the HTTP filters, and a closed socket tells a browser more than a refusal).
     */
    final boolean withinRateLimit(WsProxy proxy, WsSession session, SerialSession client) {
        if (proxy.admitsSocket(path, session.socketContext().remotePeer().host(), forwardedFor)) {
            return true;
        }
        client.close(CloseCodes.TRY_AGAIN_LATER, "Rate limited");
        return false;
    }

    /** The upgrade reply: a token sent as {@code Sec-WebSocket-Protocol: bearer, <token>} needs {@code bearer} selected. */
    static Optional<Headers> upgradeReply(Optional<HandshakeToken> token) {
        if (token.map(HandshakeToken::viaSubprotocol).orElse(false)) {
            WritableHeaders<?> reply = WritableHeaders.create();
            reply.set(HandshakeToken.PROTOCOL, HandshakeToken.BEARER_PROTOCOL);
            return Optional.of(reply);
        }
        return Optional.empty();
    }

    /**
     * Starts relaying to {@code link}. The client's socket is a strict connection, which reports a client that
     * vanished without a close frame as {@code onClose} with 1006, so the upstream leg is closed then as well.
     */
    final void relayTo(HubLink link) {
        upstream = link;
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (upstream != null) {
            upstream.sendText(text, last);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (upstream != null) {
            upstream.sendBinary(copy(buffer), last);
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        if (upstream != null) {
            upstream.sendPing(copy(buffer));
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        if (upstream != null) {
            upstream.sendPong(copy(buffer));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (upstream != null) {
            upstream.close(status, reason);
        }
    }

    private static ByteBuffer copy(BufferData buffer) {
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
