package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gateway.common.http.RequestIds;
import dev.gateway.common.http.UpstreamClients;
import dev.gateway.common.json.Json;
import dev.gateway.common.routes.RouteAddresses;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.hub.connections.HubConnection;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages whose type names a dynamic route registered with {@code ws_supported}: the message is POSTed to
 * the route's backend as {@code {user_id, session_id, message}} and the answer comes back as
 * {@code {"type":"<name>_response","data":...}}. Each call runs on a thread of its own, so a slow backend
 * never holds up the socket's other messages or pings; any failure is an error reply, never a closed socket.
 */
final class RouteMessages {
    private static final HeaderName USER_ID = HeaderNames.create("X-User-ID");
    private static final HeaderName USER_ROLE = HeaderNames.create("X-User-Role");
    private static final HeaderName SESSION_ID = HeaderNames.create("X-Session-ID");
    private static final Logger LOG = Logger.getLogger(RouteMessages.class.getName());
    /** Backend calls under way on this hub at once; past it a message is answered "busy" at once. */
    private static final int MAX_IN_FLIGHT = 512;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RouteTable routes;
    private final int maxAnswerBytes;
    private final WebClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /**
     * Answers larger than {@code maxAnswerBytes} (the socket's message limit) are refused, not relayed. Without
     * {@code allowLinkLocal} a backend whose address is link-local or metadata is not connected to.
     */
    RouteMessages(RouteTable routes, int maxAnswerBytes, boolean allowLinkLocal) {
        this.routes = routes;
        this.maxAnswerBytes = maxAnswerBytes;
        this.client = UpstreamClients.builder(RouteAddresses.resolver(allowLinkLocal))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build();
    }

    /** The WebSocket-enabled route that answers messages of {@code type}, if any. */
    Optional<RouteRecord> routeFor(String type) {
        return routes.find(type).filter(RouteRecord::wsSupported);
    }

    void handle(HubConnection connection, RouteRecord route, JsonNode message) {
        if (!inFlight.tryAcquire()) {
            connection.socket().send(HubMessages.error("Server busy, try '" + route.name() + "' again later"));
            return;
        }
        Thread.ofVirtual().name("route-" + route.name()).start(() -> {
            try {
                connection.socket().send(call(connection, route, message));
            } finally {
                inFlight.release();
            }
        });
    }

    private String call(HubConnection connection, RouteRecord route, JsonNode message) {
        ObjectNode body = Json.object()
                .put("user_id", connection.userId())
                .put("session_id", connection.sessionId());
        body.set("message", message);
        try (HttpClientResponse response = request(connection, route).submit(Json.bytes(body))) {
            byte[] answer = response.inputStream().readNBytes(maxAnswerBytes + 1);
            if (response.status().family() != Status.Family.SUCCESSFUL) {
                return HubMessages.error("Backend of '" + route.name() + "' answered " + response.status().code());
            }
            if (answer.length > maxAnswerBytes) {
                return HubMessages.error("Backend of '" + route.name() + "' answered more than "
                        + maxAnswerBytes + " bytes");
            }
            return HubMessages.routeResponse(route.name(), data(answer));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                return HubMessages.error("Backend of '" + route.name() + "' timed out");
            }
            return unavailable(route, e);
        } catch (IOException | IllegalArgumentException | RouteAddresses.ForbiddenAddressException e) {
            return unavailable(route, e);
        }
    }

    private static String unavailable(RouteRecord route, Exception e) {
        LOG.log(Level.FINE, "route " + route.name() + " failed", e);
        return HubMessages.error("Backend of '" + route.name() + "' is unavailable");
    }

    private HttpClientRequest request(HubConnection connection, RouteRecord route) {
        HttpClientRequest request = client.post(route.target("", null))
                .readTimeout(Duration.ofSeconds(route.timeout()))
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(USER_ID, connection.userId())
                .header(USER_ROLE, connection.principal().role())
                .header(SESSION_ID, connection.sessionId())
                .header(RequestIds.HEADER, RequestIds.generate());
        route.headers().forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return request;
    }

    /** The backend's JSON answer as it is; an answer that is not JSON travels as a string. */
    private static JsonNode data(byte[] answer) {
        if (answer.length == 0) {
            return null;
        }
        try {
            return Json.tree(answer);
        } catch (Json.MalformedJsonException e) {
            return TextNode.valueOf(new String(answer, StandardCharsets.UTF_8));
        }
    }
}
