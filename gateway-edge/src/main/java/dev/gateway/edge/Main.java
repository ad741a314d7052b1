package dev.gateway.edge;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.Settings.UpstreamSettings;
import dev.gateway.common.config.SettingsLoader;
import dev.gateway.common.contract.Owner;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.JsonLogging;
import dev.gateway.common.routes.RouteAddresses;
import dev.gateway.common.routes.RouteStore;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.common.server.ApiServer;
import dev.gateway.common.server.CommonServices;
import dev.gateway.common.server.RunningService;
import dev.gateway.edge.access.ClientAddress;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.cors.CorsFilter;
import dev.gateway.edge.docs.DocsService;
import dev.gateway.edge.health.EdgeHealth;
import dev.gateway.edge.limits.RateLimitFilter;
import dev.gateway.edge.limits.RateLimiter;
import dev.gateway.edge.routing.Forwarder;
import dev.gateway.edge.routes.RouteProxy;
import dev.gateway.edge.routes.RoutesService;
import dev.gateway.edge.routing.HttpProxy;
import dev.gateway.edge.routing.UpstreamPool;
import dev.gateway.edge.websocket.WsProxy;
import io.helidon.webserver.WebServer;

import java.util.List;
import java.util.Map;

/** gateway-edge: the public entry point on port 8000. */
public final class Main {
    public static final String SERVICE = "gateway-edge";

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = SettingsLoader.load(SERVICE);
        JsonLogging.install(SERVICE, settings.logLevel());
        start(settings).closeOnShutdown();
    }

    public static RunningService start(Settings settings) {
        CommonServices common = CommonServices.create(settings);
        UpstreamSettings upstreams = settings.upstreams();
        Map<Owner, UpstreamPool> pools = Map.of(
                Owner.AUTH, new UpstreamPool("auth-service", upstreams.auth(), common.clock(), common.metrics()),
                Owner.SESSION, new UpstreamPool("session-service", upstreams.session(), common.clock(), common.metrics()),
                Owner.HUB, new UpstreamPool("ws-hub", upstreams.hub(), common.clock(), common.metrics()));
        EdgeHealth health = new EdgeHealth(common.health(SERVICE, body -> { }), pools);
        Gatekeeper gatekeeper = new Gatekeeper(common.authenticator(), common.clock());
        ClientAddress clients = new ClientAddress(settings.edge().trustedProxies());
        // the gateway's own services are wherever configuration says; dynamic routes may not reach link-local addresses
        Forwarder forwarder = new Forwarder(settings.server().maxBodyBytes(), clients,
                host -> RouteAddresses.address(host, true), common.clock());
        boolean allowLinkLocal = settings.edge().routesAllowLinkLocal();
        Forwarder routeForwarder = new Forwarder(settings.server().maxBodyBytes(), clients,
                host -> RouteAddresses.address(host, allowLinkLocal), common.clock());
        RateLimiter limiter = new RateLimiter(common.redis(), settings.edge().rateLimits(), common.clock(),
                common.metrics());
        HttpProxy proxy = new HttpProxy(pools, gatekeeper, limiter, forwarder, upstreams.timeout());
        WsProxy websockets = new WsProxy(pools.get(Owner.HUB), gatekeeper, limiter, clients, allowLinkLocal);
        RouteStore routeStore = new RouteStore(common.redis());
        RouteTable routeTable = new RouteTable(routeStore);
        RoutesService routes = new RoutesService(routeStore, routeTable, allowLinkLocal, gatekeeper, routeForwarder);
        RouteProxy routeProxy = new RouteProxy(routeTable, gatekeeper, limiter, routeForwarder, common.metrics());
        CorsFilter cors = new CorsFilter(settings.edge().cors());
        // Client sockets get the hub's RFC 6455 checks (1002, 1007, 1009) before anything is relayed upstream.
        WebServer server = ApiServer.startStrictWebSockets(settings.server().bindHost(), settings.server().edgePort(),
                common.metrics(),
                routing -> routing.addFilter(cors)
                        .error(ApiException.class, cors::error)
                        .addFilter(new RateLimitFilter(limiter, clients))
                        .register(health, routes, new DocsService())
                        .any(routeProxy::handle)
                        .any(proxy::handle),
                websockets.routing(routeProxy), settings.websockets().maxMessageBytes());
        return new RunningService(SERVICE, server, List.of(websockets, routeTable, limiter, forwarder, routeForwarder, common));
    }
}
