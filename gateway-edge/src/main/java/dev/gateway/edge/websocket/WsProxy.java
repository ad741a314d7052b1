package dev.gateway.edge.websocket;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.routes.RouteAddresses;
import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.SerialSession;
import dev.gateway.edge.access.ClientAddress;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.limits.RateLimiter;
import dev.gateway.edge.routes.RouteProxy;
import dev.gateway.edge.routing.UpstreamPool;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Proxies {@code /ws/connect} to the hubs, spreading sockets over them and skipping hubs that refuse, and
 * WebSocket upgrades on {@code /api/proxy/{name}} to routes registered with {@code ws_supported}.
 */
public final class WsProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WsProxy.class.getName());
    private static final String PATH = "/ws/connect";

    private final UpstreamPool hubs;
    private final Gatekeeper gatekeeper;
    private final RateLimiter limiter;
    private final ClientAddress clients;
    private final boolean allowLinkLocal;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    public WsProxy(UpstreamPool hubs, Gatekeeper gatekeeper, RateLimiter limiter, ClientAddress clients,
                   boolean allowLinkLocal) {
        this.hubs = hubs;
        this.gatekeeper = gatekeeper;
        this.limiter = limiter;
        this.clients = clients;
        this.allowLinkLocal = allowLinkLocal;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** {@code /ws/connect} to the hubs, and WebSocket upgrades of dynamic routes that support them. */
    public WsRouting.Builder routing(RouteProxy routes) {
        return WsRouting.builder()
                .endpoint(PATH, () -> (WsListener) new ClientLeg(this))
                .endpoint(RouteProxy.PREFIX + "*", () -> (WsListener) new RouteLeg(this, routes, gatekeeper));
    }

    /** Spends one upgrade of the client's per-IP budget; false when it is used up. */
    boolean admitsSocket(String path, String peer, Optional<String> forwardedFor) {
        return limiter.admitsSocket(path, clients.of(peer, forwardedFor));
    }

    /**
     * Checks the socket's token at the edge. API.md wants a bad token accepted and then closed with 1008
     * "Invalid token" so that browsers see the reason, so this runs after the 101, but before any hub leg.
     */
    boolean admits(SerialSession client, String token) {
        if (token == null) {
            client.close(CloseCodes.POLICY_VIOLATION, CloseCodes.INVALID_TOKEN);
            return false;
        }
        try {
            gatekeeper.verify(token);
            return true;
        } catch (ApiException e) {
            boolean invalid = e.status() == 401;
            client.close(invalid ? CloseCodes.POLICY_VIOLATION : CloseCodes.TRY_AGAIN_LATER,
                    invalid ? CloseCodes.INVALID_TOKEN : "Try again later");
            return false;
        }
    }

    /** Opens a hub leg for {@code client}; empty when no hub accepts the connection. */
    Optional<HubLink> connect(SerialSession client, String sessionId, String token) {
        for (URI hub : hubs.attemptOrder()) {
            Optional<HubLink> link = open(client, hubUri(hub, sessionId, token), Map.of());
            if (link.isPresent()) {
                hubs.markUp(hub);
                return link;
            }
            hubs.markDown(hub);
        }
        return Optional.empty();
    }

    /** Opens an upstream leg to {@code target} for {@code client}; empty when the upstream refuses. */
    Optional<HubLink> open(SerialSession client, URI target, Map<String, String> headers) {
        HubLink link = new HubLink(client);
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2));
            headers.forEach(builder::header);
            link.attach(builder.buildAsync(target, link).join());
            return Optional.of(link);
        } catch (CompletionException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "upstream " + target.getRawAuthority() + " refused a socket: " + e.getCause());
            return Optional.empty();
        }
    }

    /** Opens a leg to a dynamic route's backend, unless its address is one routes may not reach. */
    Optional<HubLink> openRoute(SerialSession client, URI target, Map<String, String> headers) {
        try {
            RouteAddresses.check(target, allowLinkLocal);
        } catch (RouteAddresses.ForbiddenAddressException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "route upstream " + target.getRawAuthority() + " refused: " + e.getMessage());
            return Optional.empty();
        }
        return open(client, target, headers);
    }

    private static URI hubUri(URI hub, String sessionId, String token) {
        StringBuilder query = new StringBuilder();
        if (sessionId != null) {
            query.append("session_id=").append(encode(sessionId));
        }
        if (token != null) {
            query.append(query.isEmpty() ? "" : "&").append("token=").append(encode(token));
        }
        String scheme = "https".equals(hub.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + hub.getRawAuthority() + PATH + (query.isEmpty() ? "" : "?" + query));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
