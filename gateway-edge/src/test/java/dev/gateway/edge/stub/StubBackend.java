package dev.gateway.edge.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP and WebSocket backend for edge tests. Every HTTP request is recorded and echoed back as JSON
 * ({@code method, path, query, headers, body_length}); {@code /slow} answers after 3 s, {@code ?status=N}
 * answers N. WebSocket endpoints {@code /ws/connect} and {@code /socket} are {@link StubSocket}s.
 */
public final class StubBackend implements AutoCloseable {
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<StubSocket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger abortedBodies = new AtomicInteger();
    private final WebServer server;

    private StubBackend(int port) {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .routing(routing -> routing.any(this::echo))
                .addRouting(WsRouting.builder()
                        .endpoint("/ws/connect", this::socket)
                        .endpoint("/socket", this::socket))
                .build()
                .start();
    }

    public static StubBackend start() {
        return new StubBackend(0);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Every HTTP request received so far, as echoed. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose body ended before it was complete (the sender closed the connection). */
    public int abortedBodies() {
        return abortedBodies.get();
    }

    /** Every socket opened so far. */
    public List<StubSocket> sockets() {
        return List.copyOf(sockets);
    }

    private StubSocket socket() {
        StubSocket socket = new StubSocket();
        sockets.add(socket);
        return socket;
    }

    private void echo(ServerRequest request, ServerResponse response) throws InterruptedException {
        String path = request.prologue().uriPath().rawPath();
        ObjectNode headers = Json.object();
        for (Header header : request.headers()) {
            headers.put(header.name().toLowerCase(), header.allValues().getFirst());
        }
        byte[] body = body(request);
        ObjectNode echo = Json.object()
                .put("method", request.prologue().method().text())
                .put("path", path)
                .put("query", request.prologue().query().rawValue())
                .put("body_length", body.length);
        echo.set("headers", headers);
        requests.add(echo);
        if (path.endsWith("/slow")) {
            Thread.sleep(3000);
        }
        int status = request.query().first("status").map(Integer::parseInt).orElse(200);
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header("X-Stub", "yes");
        response.send(Json.bytes(echo));
    }

    private byte[] body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return request.content().as(byte[].class);
        } catch (RuntimeException e) {
            abortedBodies.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
