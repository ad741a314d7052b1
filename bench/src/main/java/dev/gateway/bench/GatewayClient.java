package dev.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's view of the gateway: its public HTTP calls and WebSocket connects, over
 * {@code java.net.http} on virtual threads, spread over several local source addresses when given.
 */
public final class GatewayClient {
    public static final String PASSWORD = "bench-password-123";

    private final URI target;
    private final List<InetAddress> sources;
    private final List<HttpClient> clients = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public GatewayClient(URI target, List<InetAddress> sourceAddresses) {
        this.target = target;
        this.sources = sourceAddresses.isEmpty() ? Collections.singletonList(null) : sourceAddresses;
        for (InetAddress source : sources) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .connectTimeout(Duration.ofSeconds(10));
            if (source != null) {
                builder.localAddress(source);
            }
            clients.add(builder.build());
        }
    }

    public int register(String username) {
        return post("/sessions/register", Map.of("username", username, "email", username + "@bench.example",
                "password", PASSWORD), null).statusCode();
    }

    /** Logs in; the access token and the session of the login. */
    public Seat login(String username) {
        HttpResponse<String> response = post("/sessions/login", Map.of("username", username, "password", PASSWORD), null);
        expect(200, response);
        JsonNode body = Json.tree(response.body());
        return new Seat(username, body.get("access_token").asText(), body.get("session_id").asText());
    }

    public String createSession(String token) {
        HttpResponse<String> response = post("/sessions/create", Map.of(), token);
        expect(200, response);
        return Json.tree(response.body()).get("session_id").asText();
    }

    public HttpResponse<String> update(String token, String sessionId, Object data) {
        return post("/sessions/update/" + sessionId, Map.of("data", data), token);
    }

    /**
     * A keep-alive connection of its own for one closed-loop user, from the next source address, to
     * {@code server}: the edge, or a baseline's server in front of the same upstream.
     */
    public KeepAliveConnection connection(URI server) {
        return new KeepAliveConnection(server, sources.get(Math.floorMod(next.getAndIncrement(), sources.size())));
    }

    public JsonNode session(String token, String sessionId) {
        HttpResponse<String> response = send(request("/sessions/" + sessionId, token).GET().build());
        expect(200, response);
        return Json.tree(response.body());
    }

    /** Opens {@code /ws/connect} on {@code server}: the edge, a hub straight, or a baseline's echo server. */
    public CompletableFuture<WebSocket> connect(URI server, Seat seat, WebSocket.Listener listener) {
        URI uri = URI.create(server.toString().replaceFirst("^http", "ws") + "/ws/connect?session_id="
                + seat.sessionId() + "&token=" + seat.token());
        return client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, listener);
    }

    public HttpResponse<String> post(String path, Object body, String token) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.string(body))).build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchFailure("io", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }

    private HttpClient client() {
        return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new BenchFailure("http_" + response.statusCode(), new IllegalStateException(response.body()));
        }
    }

    /** A logged-in account bound to one session, as one benchmark user uses it. */
    public record Seat(String username, String token, String sessionId) {
        public Seat withSession(String otherSession) {
            return new Seat(username, token, otherSession);
        }
    }

    /** A failed call, with a short kind for the error table. */
    public static final class BenchFailure extends RuntimeException {
        private final String kind;

        public BenchFailure(String kind, Throwable cause) {
            super(kind + ": " + cause.getMessage(), cause);
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }
}
