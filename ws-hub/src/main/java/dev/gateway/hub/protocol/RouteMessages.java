package dev.gateway.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gateway.common.json.Json;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.hub.connections.HubConnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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
    private static final Logger LOG = Logger.getLogger(RouteMessages.class.getName());
    /** Backend calls under way on this hub at once; past it a message is answered "busy" at once. */
    private static final int MAX_IN_FLIGHT = 512;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RouteTable routes;
    private final int maxAnswerBytes;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /** Answers larger than {@code maxAnswerBytes} (the socket's message limit) are refused, not relayed. */
    RouteMessages(RouteTable routes, int maxAnswerBytes) {
        this.routes = routes;
        this.maxAnswerBytes = maxAnswerBytes;
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
        try {
            HttpResponse<InputStream> response = client.send(request(connection, route, message),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] answer = body.readNBytes(maxAnswerBytes + 1);
                if (response.statusCode() / 100 != 2) {
                    return HubMessages.error("Backend of '" + route.name() + "' answered " + response.statusCode());
                }
                if (answer.length > maxAnswerBytes) {
                    return HubMessages.error("Backend of '" + route.name() + "' answered more than "
                            + maxAnswerBytes + " bytes");
                }
                return HubMessages.routeResponse(route.name(), data(answer));
            }
        } catch (HttpTimeoutException e) {
            return HubMessages.error("Backend of '" + route.name() + "' timed out");
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.FINE, "route " + route.name() + " failed", e);
            return HubMessages.error("Backend of '" + route.name() + "' is unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HubMessages.error("Backend of '" + route.name() + "' is unavailable");
        }
    }

    private static HttpRequest request(HubConnection connection, RouteRecord route, JsonNode message) {
        ObjectNode body = Json.object()
                .put("user_id", connection.userId())
                .put("session_id", connection.sessionId());
        body.set("message", message);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(route.target("", null)))
                .timeout(Duration.ofSeconds(route.timeout()))
                .header("Content-Type", "application/json")
                .header("X-User-ID", connection.userId())
                .header("X-User-Role", connection.principal().role())
                .header("X-Session-ID", connection.sessionId())
                .header("X-Request-ID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        route.headers().forEach(request::header);
        return request.build();
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
