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
 * The client side of a proxied socket once its upstream leg is open: passes frames, control frames and close
 * codes to the upstream, and closes the upstream leg when the client goes away, with or without a close frame.
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

    /** Starts relaying to {@code link}; call from {@code onOpen}, on the connection's own thread. */
    final void relayTo(HubLink link) {
        upstream = link;
        closeUpstreamWhenConnectionEnds(Thread.currentThread(), link);
    }

    /**
     * Helidon tells the listener nothing when a client's connection drops without a close frame; it only ends
     * the connection's thread (the one running onOpen). Waiting for that thread closes the upstream leg at once.
     */
    private static void closeUpstreamWhenConnectionEnds(Thread connection, HubLink link) {
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

    @Override
    public void onError(WsSession session, Throwable t) {
        if (upstream != null) {
            upstream.close(CloseCodes.NORMAL, "Client connection failed");
        }
    }

    private static ByteBuffer copy(BufferData buffer) {
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
