package dev.gateway.hub.protocol;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.HandshakeToken;
import dev.gateway.common.websocket.SerialSession;
import dev.gateway.common.websocket.StrictWsConnection;
import dev.gateway.hub.connections.HubConnection;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import org.redisson.client.RedisException;

import java.util.Optional;

/**
 * One client socket on {@code /ws/connect}. The upgrade is accepted so that browsers see the close code
 * (unless the hub is draining); the token and session are checked on open, and a failing socket is closed
 * with 1008 before anything else is processed. Messages arrive whole and validated (StrictWsConnection).
 */
final class HubEndpoint implements WsListener {
    private final HubSockets hub;
    private Optional<HandshakeToken> token = Optional.empty();
    private String requestedSession;
    private SerialSession socket;
    private HubConnection connection;

    HubEndpoint(HubSockets hub) {
        this.hub = hub;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (hub.draining()) {
            throw new WsUpgradeException("draining");
        }
        token = HandshakeToken.find(prologue.query(), headers);
        requestedSession = prologue.query().first("session_id").asOptional().filter(id -> !id.isBlank()).orElse(null);
        if (token.map(HandshakeToken::viaSubprotocol).orElse(false)) {
            WritableHeaders<?> reply = WritableHeaders.create();
            reply.set(HandshakeToken.PROTOCOL, HandshakeToken.BEARER_PROTOCOL);
            return Optional.of(reply);
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        socket = new SerialSession(session);
        try {
            open();
        } catch (RedisException e) {
            // Redis is unreachable (accept has already forgotten the socket): the client should come back later.
            socket.close(CloseCodes.TRY_AGAIN_LATER, "Service temporarily unavailable");
        }
    }

    private void open() {
        Principal principal;
        try {
            principal = hub.authenticator().authenticate(token.map(HandshakeToken::token).orElse(""));
        } catch (ApiException e) {
            socket.close(CloseCodes.POLICY_VIOLATION, CloseCodes.INVALID_TOKEN);
            return;
        }
        String sessionId = requestedSession != null ? requestedSession : principal.sessionId();
        if (!hub.sessions().owner(sessionId).map(principal.userId()::equals).orElse(false)) {
            socket.close(CloseCodes.POLICY_VIOLATION, CloseCodes.SESSION_MISMATCH);
            return;
        }
        connection = hub.accept(principal, sessionId, socket);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (connection != null) {
            hub.messageFrom(connection);
            hub.handler().handle(connection, text);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (connection == null) {
            return;
        }
        Optional<String> text = StrictWsConnection.decodeUtf8(buffer.readBytes(), 0);
        if (text.isPresent()) {
            onMessage(session, text.get(), last);
        } else {
            hub.messageFrom(connection);
            connection.socket().send(HubMessages.error("Invalid JSON"));
        }
    }

    /** Control pings are answered with the same payload and count as an answer to our own ping. */
    @Override
    public void onPing(WsSession session, BufferData buffer) {
        if (connection != null) {
            connection.liveness().answered(System.nanoTime());
            socket.pong(buffer);
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        if (connection != null) {
            connection.liveness().answered(System.nanoTime());
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (socket != null) {
            socket.markClosed();
        }
        if (connection != null) {
            hub.release(connection, status);
        }
    }
}
