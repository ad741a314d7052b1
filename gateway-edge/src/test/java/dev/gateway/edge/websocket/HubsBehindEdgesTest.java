package dev.gateway.edge.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.server.RunningService;
import dev.gateway.edge.Main;
import dev.gateway.edge.TestEdges;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Two real hubs behind two edges: sockets spread over the hubs, and events cross hubs and edges. */
class HubsBehindEdgesTest {
    private static GatewayStack stack;
    private static final List<RunningService> edges = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = TestEdges.stack(TestRedis.shared(), Map.of());
        RunningService auth = stack.start("auth-1", "AUTH_PORT", dev.gateway.auth.Main::start);
        RunningService session = stack.start("session-1", "SESSION_PORT", dev.gateway.session.Main::start);
        RunningService hubOne = stack.start("hub-1", "WS_HUB_PORT", dev.gateway.hub.Main::start);
        RunningService hubTwo = stack.start("hub-2", "WS_HUB_PORT", dev.gateway.hub.Main::start);
        Map<String, String> upstreams = Map.of("AUTH_SERVICE_URLS", GatewayStack.urls(auth),
                "SESSION_SERVICE_URLS", GatewayStack.urls(session), "WS_HUB_URLS", GatewayStack.urls(hubOne, hubTwo));
        edges.add(stack.start("edge-1", "DEFAULT_PORT", Main::start, upstreams));
        edges.add(stack.start("edge-2", "DEFAULT_PORT", Main::start, upstreams));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void socketsThroughTheEdgesAreSpreadOverBothHubs() {
        Login login = newUser();
        List<TestSocket> sockets = new ArrayList<>();
        Set<String> hubs = new HashSet<>();
        try {
            for (int i = 0; i < 4; i++) {
                TestSocket socket = connect(i % 2, login);
                sockets.add(socket);
                hubs.add(socket.next().get("gateway_id").asText());
            }
        } finally {
            sockets.forEach(TestSocket::close);
        }
        assertEquals(Set.of("hub-1", "hub-2"), hubs);
    }

    @Test
    void chatThroughOneEdgeReachesTheUsersSocketOnTheOtherHubOnce() {
        Login login = newUser();
        try (Pair pair = socketsOnBothHubs(login)) {
            pair.first().send(Map.of("type", "chat_message", "content", "across", "id", "x-1"));
            assertEquals("x-1", pair.first().next("chat_ack").get("id").asText());

            JsonNode chat = pair.second().next();
            assertEquals("chat_message", chat.get("type").asText());
            assertEquals("across", chat.get("content").asText());
            assertThrows(AssertionError.class, () -> pair.second().next(Duration.ofMillis(500)), "delivered twice");
        }
    }

    @Test
    void logoutThroughOneEdgeClosesTheSocketsOnBothHubs() {
        Login login = newUser();
        try (Pair pair = socketsOnBothHubs(login)) {
            assertEquals(200, http(1).post("/sessions/logout", "", login.token()).status());

            for (TestSocket socket : List.of(pair.first(), pair.second())) {
                TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(1));
                assertEquals(1000, closed.code());
                assertEquals("Logged out", closed.reason());
            }
        }
    }

    /** Two sockets of one session, through different edges, that landed on different hubs. */
    private static Pair socketsOnBothHubs(Login login) {
        TestSocket first = connect(0, login);
        String firstHub = first.next().get("gateway_id").asText();
        for (int attempt = 0; attempt < 6; attempt++) {
            TestSocket second = connect(1, login);
            if (!second.next().get("gateway_id").asText().equals(firstHub)) {
                return new Pair(first, second);
            }
            second.close();
        }
        first.close();
        throw new AssertionError("no socket landed on the other hub in 6 attempts");
    }

    private record Pair(TestSocket first, TestSocket second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    private record Login(String token, String sessionId) {
    }

    private static Login newUser() {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        http(0).post("/sessions/register", Map.of("username", name, "email", name + "@example.com",
                "password", "s3cret-pass"), null);
        JsonNode login = http(0).post("/sessions/login", Map.of("username", name, "password", "s3cret-pass"), null).json();
        return new Login(login.get("access_token").asText(), login.get("session_id").asText());
    }

    private static TestSocket connect(int edge, Login login) {
        return TestSocket.connect(GatewayStack.ws(edges.get(edge),
                "/ws/connect?session_id=" + login.sessionId() + "&token=" + login.token()));
    }

    private static TestHttp http(int edge) {
        return new TestHttp(GatewayStack.http(edges.get(edge)));
    }
}
