package dev.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.session.SessionStack.Login;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two session services and two hubs on one Redis: updates, deletion and connection records across them. */
class SessionsAcrossInstancesTest {
    private static final Duration AWAIT = Duration.ofSeconds(15);

    private static SessionStack stack;

    @BeforeAll
    static void start() {
        stack = SessionStack.start(TestRedis.shared(), 2, 2, dev.gateway.hub.Main::start, Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void fiftyConcurrentUpdatesOverHttpAndWebSocketAllLand() {
        Login alice = stack.user();
        try (TestSocket first = stack.socket(0, alice); TestSocket second = stack.socket(1, alice)) {
            List<CompletableFuture<Integer>> http = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                http.add(CompletableFuture.supplyAsync(() -> stack.http(n % 2).post("/sessions/update/" + alice.sessionId(),
                        Map.of("data", Map.of("h" + n, n)), alice.token()).status()));
            }
            // Update_api_key alternates between the hubs, each sent once the previous was acknowledged.
            String lastAck = null;
            for (int i = 0; i < 20; i++) {
                TestSocket socket = i % 2 == 0 ? first : second;
                socket.send(Map.of("type", "update_api_key", "key", "key-" + i));
                JsonNode ack = socket.next("ack");
                assertEquals("API key update acknowledged", ack.get("message").asText());
                assertEquals(alice.sessionId(), ack.get("session_id").asText());
                assertEquals(i % 2 == 0 ? "hub-1" : "hub-2", ack.get("gateway_id").asText());
                lastAck = ack.get("api_key").asText();
            }
            http.forEach(status -> assertEquals(200, status.join()));

            JsonNode data = stack.http(1).get("/sessions/" + alice.sessionId(), alice.token()).json().get("data");
            for (int i = 0; i < 30; i++) {
                assertEquals(i, data.path("h" + i).asInt(-1), "key h" + i);
            }
            assertEquals("key-19", lastAck);
            assertEquals(lastAck, data.get("api_key").asText());
        }
    }

    @Test
    void anUpdateReachesTheUsersSocketsOnEveryHub() {
        Login alice = stack.user();
        try (TestSocket first = stack.socket(0, alice); TestSocket second = stack.socket(1, alice)) {
            stack.http(0).post("/sessions/update/" + alice.sessionId(), Map.of("data", Map.of("theme", "dark"), "chat_id", "c1"),
                    alice.token());

            for (TestSocket socket : List.of(first, second)) {
                JsonNode pushed = socket.next("session_updated");
                assertEquals(alice.sessionId(), pushed.get("session_id").asText());
                assertEquals("dark", pushed.at("/updates/theme").asText());
                assertEquals("c1", pushed.get("chat_id").asText());
            }
        }
    }

    @Test
    void adminDeletionClosesTheSessionsSocketsOnEveryHub() {
        Login alice = stack.user();
        try (TestSocket first = stack.socket(0, alice); TestSocket second = stack.socket(1, alice)) {
            Response deleted = stack.http(1).delete("/sessions/admin/sessions/" + alice.sessionId(), stack.admin().token());

            assertEquals(200, deleted.status());
            assertEquals(1000, first.awaitClose().code());
            assertEquals(1000, second.awaitClose().code());
            assertEquals(401, stack.http(0).get("/sessions/" + alice.sessionId(), alice.token()).status());
        }
    }

    @Test
    void theConnectionShowsTheHubHoldingTheUsersSocket() {
        Login alice = stack.user();
        try (TestSocket ignored = stack.socket(1, alice)) {
            Response connection = stack.http(0).get("/sessions/users/" + alice.user() + "/connection", alice.token());

            assertEquals(200, connection.status());
            JsonNode body = connection.json();
            assertEquals(alice.user(), body.get("user_id").asText());
            assertEquals(alice.sessionId(), body.get("session_id").asText());
            assertEquals("hub-2", body.get("gateway_id").asText());
            assertTrue(body.get("ws_connected").asBoolean());
            assertTrue(body.get("connected_at").isNumber() && body.get("last_activity").isNumber());
        }
    }

    @Test
    void socketActivityMovesTheConnectionsLastActivity() {
        Login alice = stack.user();
        try (TestSocket socket = stack.socket(0, alice)) {
            String path = "/sessions/users/" + alice.user() + "/connection";
            double opened = stack.http(0).get(path, alice.token()).json().get("last_activity").asDouble();
            Eventually.await(AWAIT, () -> System.currentTimeMillis() / 1000.0 > opened + 0.01);
            socket.send(Map.of("type", "ping"));
            socket.next("pong");

            Eventually.await(AWAIT, () -> stack.http(0).get(path, alice.token()).json().get("last_activity").asDouble() > opened);
        }
    }

    @Test
    void aUserWithoutSocketsHasNoConnection() {
        Login alice = stack.user();

        assertEquals(404, stack.http(0).get("/sessions/users/" + alice.user() + "/connection", alice.token()).status());
    }

    @Test
    void anotherUsersConnectionIsForbiddenButAnAdminSeesIt() {
        Login alice = stack.user();
        try (TestSocket ignored = stack.socket(0, alice)) {
            String path = "/sessions/users/" + alice.user() + "/connection";

            assertEquals(403, stack.http(0).get(path, stack.user().token()).status());
            assertEquals(200, stack.http(0).get(path, stack.admin().token()).status());
        }
    }

    @Test
    void theConnectionEndsWhenTheSocketClosesNormally() {
        Login alice = stack.user();
        TestSocket socket = stack.socket(0, alice);
        socket.close();

        Eventually.await(AWAIT, () -> connectionStatus(alice) == 404);
    }

    @Test
    void theConnectionEndsWhenTheSocketDropsWithoutAClose() {
        Login alice = stack.user();
        TestSocket socket = stack.socket(1, alice);
        socket.abort();

        Eventually.await(AWAIT, () -> connectionStatus(alice) == 404);
    }

    @Test
    void everyLiveHubIsListedWithItsSockets() {
        ConnectionRecords records = new ConnectionRecords(stack.redis);
        try (TestSocket ignored = stack.socket(1, stack.user())) {
            Eventually.await(AWAIT, () -> records.liveHubs().getOrDefault("hub-2", 0) >= 1);
        }
        Map<String, Integer> hubs = records.liveHubs();

        assertTrue(hubs.containsKey("hub-1"), "live hubs: " + hubs);
        assertTrue(hubs.containsKey("sse:session-1") && hubs.containsKey("sse:session-2"), "live hubs: " + hubs);
        assertFalse(hubs.containsKey("hub-that-crashed"));
    }

    @Test
    void entriesOfAHubThatDiedAreIgnoredAndRemoved() {
        Login alice = stack.user();
        ConnectionRecords records = new ConnectionRecords(stack.redis);
        records.opened(alice.user(), "hub-that-crashed", alice.sessionId());

        assertEquals(404, connectionStatus(alice));
        assertFalse(records.hubsOf(alice.user()).contains("hub-that-crashed"));
    }

    private static int connectionStatus(Login login) {
        return stack.http(0).get("/sessions/users/" + login.user() + "/connection", login.token()).status();
    }

}
