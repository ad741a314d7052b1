package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gateway.common.json.Json;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.routes.RouteStore;
import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message types of dynamic routes registered with {@code ws_supported: true}: POSTed to the backend as
 * {@code {user_id, session_id, message}}, answered as {@code <name>_response}; failures are error replies.
 */
class RouteMessagesTest {
    private static HubStack stack;
    private static RedissonClient observer;
    private static RouteStore routes;
    private static HttpServer backend;

    @BeforeAll
    static void start() throws IOException {
        stack = HubStack.start(TestRedis.shared(), 1);
        observer = HubStack.observer(TestRedis.shared());
        routes = new RouteStore(observer);
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        backend.createContext("/echo", RouteMessagesTest::echo);
        backend.createContext("/fail", exchange -> answer(exchange, 500, "{\"detail\":\"boom\"}"));
        backend.createContext("/slow", exchange -> {
            sleep(3000);
            answer(exchange, 200, "{}");
        });
        backend.createContext("/text", exchange -> answer(exchange, 200, "plain words"));
        backend.start();
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
        observer.shutdown();
        stack.close();
    }

    @Test
    void routeMessageIsPostedToTheBackendAndItsAnswerReturned() {
        String name = register("/echo", 5, true);
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(1, login)) {
            JsonNode reply = firstAnswer(socket, name, Map.of("type", name, "data", Map.of("q", "weather")));

            assertEquals(name + "_response", reply.get("type").asText());
            JsonNode posted = reply.get("data").get("body");
            assertEquals(login.user(), posted.get("user_id").asText());
            assertEquals(login.sessionId(), posted.get("session_id").asText());
            assertEquals(name, posted.get("message").get("type").asText());
            assertEquals("weather", posted.get("message").get("data").get("q").asText());
            JsonNode headers = reply.get("data").get("headers");
            assertEquals(login.user(), headers.get("x-user-id").asText());
            assertEquals("user", headers.get("x-user-role").asText());
            assertEquals(login.sessionId(), headers.get("x-session-id").asText());
            assertEquals("k-123", headers.get("x-api-key").asText());
        }
    }

    @Test
    void anAnswerThatIsNotJsonArrivesAsText() {
        String name = register("/text", 5, true);
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            JsonNode reply = firstAnswer(socket, name, Map.of("type", name));

            assertEquals(name + "_response", reply.get("type").asText());
            assertEquals("plain words", reply.get("data").asText());
        }
    }

    @Test
    void backendErrorIsAnErrorReplyAndTheSocketStaysOpen() {
        String name = register("/fail", 5, true);
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            JsonNode reply = firstAnswer(socket, name, Map.of("type", name));

            assertEquals("error", reply.get("type").asText());
            assertEquals("Backend of '" + name + "' answered 500", reply.get("message").asText());
            assertSocketAnswers(socket);
        }
    }

    @Test
    void slowBackendTimesOutWithAnErrorReply() {
        String name = register("/slow", 1, true);
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            JsonNode reply = firstAnswer(socket, name, Map.of("type", name));

            assertEquals("error", reply.get("type").asText());
            assertEquals("Backend of '" + name + "' timed out", reply.get("message").asText());
            assertSocketAnswers(socket);
        }
    }

    @Test
    void unreachableBackendIsAnErrorReply() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        routes.add(new RouteRecord(name, "http://127.0.0.1:" + closedPort, "", "POST", Map.of(), 5, true, true));
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            JsonNode reply = firstAnswer(socket, name, Map.of("type", name));

            assertEquals("error", reply.get("type").asText());
            assertEquals("Backend of '" + name + "' is unavailable", reply.get("message").asText());
            assertSocketAnswers(socket);
        }
    }

    @Test
    void aRouteWithoutWebSocketSupportIsAnUnknownType() {
        String name = register("/echo", 5, false);
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", name));

            assertEquals("Unknown message type: " + name, socket.next("error").get("message").asText());
        }
    }

    private static String register(String path, int timeoutSeconds, boolean wsSupported) {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        routes.add(new RouteRecord(name, backendUrl(), path, "POST", Map.of("X-Api-Key", "k-123"), timeoutSeconds,
                true, wsSupported));
        return name;
    }

    /** Sends {@code message} until the hub knows the new route (within a second), then returns its answer. */
    private static JsonNode firstAnswer(TestSocket socket, String name, Map<String, Object> message) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (true) {
            socket.send(message);
            JsonNode reply = socket.next(Duration.ofSeconds(10));
            boolean unknown = "error".equals(reply.get("type").asText())
                    && reply.get("message").asText().equals("Unknown message type: " + name);
            if (!unknown) {
                return reply;
            }
            assertTrue(System.nanoTime() < deadline, "the hub did not learn route " + name + " within a second");
            sleep(50);
        }
    }

    private static void assertSocketAnswers(TestSocket socket) {
        socket.send(Map.of("type", "ping"));
        assertEquals("pong", socket.next().get("type").asText());
    }

    private static String backendUrl() {
        return "http://127.0.0.1:" + backend.getAddress().getPort();
    }

    /** Answers with the request's body and headers (names lower-cased), as JSON. */
    private static void echo(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((header, values) -> headers.put(header.toLowerCase(), values.get(0)));
        JsonNode body = Json.tree(exchange.getRequestBody().readAllBytes());
        answer(exchange, 200, Json.string(Map.of("body", body, "headers", headers)));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
