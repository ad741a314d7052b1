package dev.gateway.common.websocket;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRoute;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Upgrades {@code GET} requests of the WebSocket routes to a {@link StrictWsConnection} instead of
 * Helidon's own connection, which neither validates UTF-8 nor rejects fragmented or oversized control
 * frames. The handshake itself (key, version, origin) is Helidon's.
 */
public final class StrictWsUpgrader extends WsUpgrader {
    private final int maxMessageBytes;

    public StrictWsUpgrader(int maxMessageBytes) {
        super(WsConfig.builder().name("websocket").maxFrameLength(maxMessageBytes).build());
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        Optional<String> key = headers.first(HeaderNames.create("Sec-WebSocket-Key"));
        String version = headers.first(HeaderNames.create("Sec-WebSocket-Version")).orElse(SUPPORTED_VERSION);
        if (key.isEmpty() || !SUPPORTED_VERSION.equals(version)) {
            return null;
        }
        WsRoute route;
        try {
            route = ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue);
        } catch (RuntimeException e) {
            return null;
        }
        WsListener listener = route.listener();
        Optional<Headers> upgradeHeaders;
        try {
            upgradeHeaders = listener.onHttpUpgrade(prologue, headers);
        } catch (WsUpgradeException e) {
            return null;
        }
        StringBuilder response = new StringBuilder(SWITCHING_PROTOCOL_PREFIX).append(hash(ctx, key.get())).append("\r\n");
        upgradeHeaders.ifPresent(extra -> extra.forEach(header ->
                response.append(header.name()).append(": ").append(header.get()).append("\r\n")));
        response.append("\r\n");
        ctx.dataWriter().write(BufferData.create(response.toString().getBytes(StandardCharsets.US_ASCII)));
        return new StrictWsConnection(ctx, listener, upgradeHeaders.orElse(WritableHeaders.create()), maxMessageBytes);
    }
}
