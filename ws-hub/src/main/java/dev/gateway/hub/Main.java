package dev.gateway.hub;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.SettingsLoader;
import dev.gateway.common.health.HealthService;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.common.log.JsonLogging;
import dev.gateway.common.routes.RouteStore;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.common.server.ApiServer;
import dev.gateway.common.server.CommonServices;
import dev.gateway.common.server.RunningService;
import dev.gateway.common.websocket.SendQueue;
import dev.gateway.hub.connections.ConnectionRegistry;
import dev.gateway.hub.connections.HubLiveness;
import dev.gateway.hub.protocol.HubMetrics;
import dev.gateway.hub.protocol.HubSockets;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.util.List;

/** ws-hub: the WebSocket protocol and the sockets of this instance. */
public final class Main {
    public static final String SERVICE = "ws-hub";

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = SettingsLoader.load(SERVICE);
        JsonLogging.install(SERVICE, settings.logLevel());
        start(settings).closeOnShutdown();
    }

    public static RunningService start(Settings settings) {
        CommonServices common = CommonServices.create(settings);
        ConnectionRegistry registry = new ConnectionRegistry();
        HubLiveness liveness = new HubLiveness(common.connections(), registry, settings.instanceId(),
                settings.sessions().inactivityTimeout());
        RouteTable routes = new RouteTable(new RouteStore(common.redis()));
        HubSockets sockets = new HubSockets(common, registry, new HubMetrics(common.metrics()), liveness, routes);
        liveness.start(sockets::dropped);
        HealthService health = common.health(SERVICE, body -> body.put("active_connections", registry.active()));
        common.metrics().gauge("ws_active_connections", "Open WebSockets on this hub", registry::active);
        common.metrics().gauge("ws_send_threads", "Send-queue writer threads alive", SendQueue::activeWriters);
        WebServer server = ApiServer.startStrictWebSockets(settings.server().bindHost(), settings.server().hubPort(),
                common.metrics(), routing -> routing(routing, health, registry, sockets, settings.instanceId()),
                sockets.routing(), settings.websockets().maxMessageBytes());
        return new RunningService(SERVICE, server, List.of(sockets, liveness, routes, common))
                .onDrain(health::drain)
                .onDrain(sockets::drain);
    }

    static void routing(HttpRouting.Builder routing, HealthService health, ConnectionRegistry registry,
                        HubSockets sockets, String hubId) {
        routing.register(health)
                .get("/ws/health", (request, response) -> HttpJson.send(response, Json.object()
                        .put("status", health.redisConnected() ? "healthy" : "unhealthy")
                        .put("active_connections", registry.active())
                        .put("users", registry.users())
                        .put("draining", sockets.draining())
                        .put("gateway_id", hubId)))
                // Reached only by requests that were not upgraded: plain GETs, or any GET while draining.
                .get("/ws/connect", (request, response) -> {
                    throw sockets.draining()
                            ? ApiException.unavailable("This hub is shutting down; connect to another one")
                            : ApiException.badRequest("WebSocket upgrade required");
                });
    }
}
