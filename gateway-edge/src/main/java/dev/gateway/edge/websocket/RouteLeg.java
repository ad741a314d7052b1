package dev.gateway.edge.websocket;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.HandshakeToken;
import dev.gateway.common.websocket.SerialSession;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.routes.RouteProxy;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Headers;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A client socket on {@code /api/proxy/{name}[/rest]}: the route, its path and the caller are checked before
 * the 101. A declined upgrade goes on as an HTTP request, which answers with the error status (404, 400, 401).
 * The upstream gets the ws(s) form of the route's URL, the route's headers and the caller's identity, never
 * the caller's token.
 */
final class RouteLeg extends ProxiedLeg {
    private final WsProxy proxy;
    private final RouteProxy routes;
    private final Gatekeeper gatekeeper;
    private URI target;
    private Map<String, String> headers;

    RouteLeg(WsProxy proxy, RouteProxy routes, Gatekeeper gatekeeper) {
        this.proxy = proxy;
        this.routes = routes;
        this.gatekeeper = gatekeeper;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers request) throws WsUpgradeException {
        noteUpgrade(prologue, request);
        Optional<HandshakeToken> token = HandshakeToken.find(prologue.query(), request);
        try {
            RouteProxy.Target resolved = routes.resolve(prologue.uriPath().rawPath(), withoutToken(prologue.query().rawValue()));
            RouteRecord route = resolved.route();
            if (!route.wsSupported()) {
                throw new WsUpgradeException("API '" + route.name() + "' does not accept WebSockets");
            }
            Optional<Principal> caller = route.requireAuth()
                    ? Optional.of(gatekeeper.verify(token.orElseThrow(() -> ApiException.unauthorized("Missing token")).token()))
                    : Optional.empty();
            headers = RouteProxy.upstreamHeaders(route, caller);
            target = webSocketForm(resolved.uri());
        } catch (ApiException e) {
            throw new WsUpgradeException(e.getMessage());
        }
        return upgradeReply(token);
    }

    @Override
    public void onOpen(WsSession session) {
        SerialSession client = new SerialSession(session);
        if (!withinRateLimit(proxy, session, client)) {
            return;
        }
        Optional<HubLink> upstream = proxy.openRoute(client, target, headers);
        if (upstream.isEmpty()) {
            client.close(CloseCodes.TRY_AGAIN_LATER, "Upstream unavailable");
            return;
        }
        relayTo(upstream.get());
    }

    private static String withoutToken(String rawQuery) {
        return Arrays.stream(rawQuery.split("&"))
                .filter(part -> !part.isEmpty() && !part.startsWith("token="))
                .collect(Collectors.joining("&"));
    }

    private static URI webSocketForm(URI http) {
        String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + http.toString().substring(http.getScheme().length()));
    }
}
