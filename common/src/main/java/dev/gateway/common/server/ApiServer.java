package dev.gateway.common.server;

import dev.gateway.common.http.DirectErrors;
import dev.gateway.common.http.ErrorResponses;
import dev.gateway.common.http.RequestFraming;
import dev.gateway.common.http.RequestLogFilter;
import dev.gateway.common.http.UnsupportedHttpVersions;
import dev.gateway.common.metrics.Metrics;
import dev.gateway.common.metrics.MetricsService;
import dev.gateway.common.websocket.StrictWsConnection;
import dev.gateway.common.websocket.StrictWsUpgrader;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.websocket.WsRouting;

import java.util.function.Consumer;

/**
 * Builds a service's web server with what every service shares: request ids and access log, the API
 * error body for every failure, refusal of bodies that cannot be delimited, and 404/405 for what no route
 * matches.
 */
public final class ApiServer {
    /** API.md: request headers 16 KiB in all, 431 above. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private ApiServer() {
    }

    public static WebServer start(String host, int port, Metrics metrics, Consumer<HttpRouting.Builder> routes) {
        return builder(host, port, metrics, routes)
                .addProtocol(Http1Config.builder().maxHeadersSize(MAX_HEADER_BYTES).build())
                .build()
                .start();
    }

    /**
     * Starts the server with WebSocket endpoints served by {@link StrictWsConnection}: RFC 6455 enforced
     * (1002, 1007), and messages over {@code maxMessageBytes} refused with 1009 before they are read.
     */
    public static WebServer startStrictWebSockets(String host,
                                                  int port,
                                                  Metrics metrics,
                                                  Consumer<HttpRouting.Builder> routes,
                                                  WsRouting.Builder websockets,
                                                  int maxMessageBytes) {
        Http1ConnectionSelector strict = Http1ConnectionSelector.builder()
                .config(Http1Config.builder().maxHeadersSize(MAX_HEADER_BYTES).build())
                .addUpgrader(new StrictWsUpgrader(maxMessageBytes))
                .build();
        return builder(host, port, metrics, routes)
                .addRouting(websockets)
                .addConnectionSelector(strict)
                .build()
                .start();
    }

    private static WebServerConfig.Builder builder(String host, int port, Metrics metrics,
                                                   Consumer<HttpRouting.Builder> routes) {
        return WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                // Responses are written in pieces (headers, then body); Nagle would hold the last piece back.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .directHandlers(DirectErrors.handlers())
                .addConnectionSelector(new UnsupportedHttpVersions())
                .errorHandling(ErrorHandling.builder().includeEntity(true).build())
                .routing(routing -> routing(routing, metrics, routes));
    }

    /** The shared routing around a service's own routes, {@code /metrics} included; tests reuse it. */
    public static void routing(HttpRouting.Builder routing, Metrics metrics, Consumer<HttpRouting.Builder> routes) {
        routing.addFilter(new RequestLogFilter(metrics));
        ErrorResponses.install(routing);
        routing.addFilter(new RequestFraming());
        routing.register(new MetricsService(metrics));
        routes.accept(routing);
        routing.any(ErrorResponses::unmatched);
    }
}
