package dev.gateway.common.server;

import dev.gateway.common.http.ErrorResponses;
import dev.gateway.common.http.RequestLogFilter;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

import java.util.function.Consumer;

/**
 * Builds a service's web server with what every service shares: request ids and access log, the API
 * error body for every failure, and 404/405 for what no route matches.
 */
public final class ApiServer {
    private ApiServer() {
    }

    public static WebServer start(String host, int port, Consumer<HttpRouting.Builder> routes) {
        return start(host, port, routes, null, 0);
    }

    /** Starts the server with WebSocket endpoints whose frames may be at most {@code maxFrameBytes} long. */
    public static WebServer start(String host,
                                  int port,
                                  Consumer<HttpRouting.Builder> routes,
                                  WsRouting.Builder websockets,
                                  int maxFrameBytes) {
        WebServerConfig.Builder builder = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .routing(routing -> routing(routing, routes));
        if (websockets != null) {
            builder.addRouting(websockets)
                    .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(maxFrameBytes).build());
        }
        return builder.build().start();
    }

    /** The shared routing around a service's own routes; tests reuse it. */
    public static void routing(HttpRouting.Builder routing, Consumer<HttpRouting.Builder> routes) {
        routing.addFilter(new RequestLogFilter());
        ErrorResponses.install(routing);
        routes.accept(routing);
        routing.any(ErrorResponses::unmatched);
    }
}
