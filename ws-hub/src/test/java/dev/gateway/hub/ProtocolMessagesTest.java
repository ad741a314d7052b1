package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every client message type of API.md on one hub, with its exact reply, and every error message. */
class ProtocolMessagesTest {
    private static HubStack stack;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 1, Map.of("CONVERSATION_MAX_MESSAGES", "3"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void welcomeFrameNamesUserSessionHubAndTimers() {
        Login login = stack.newUser();
        try (TestSocket socket = TestSocket.connect(stack.connectUri(1, login))) {
            JsonNode connected = socket.next();
            assertEquals("connected", connected.get("type").asText());
            assertEquals("WebSocket connection established", connected.get("message").asText());
            assertEquals(login.user(), connected.get("user_id").asText());
            assertEquals(login.sessionId(), connected.get("session_id").asText());
            assertEquals("hub-1", connected.get("gateway_id").asText());
            assertEquals(25, connected.get("ping_interval").asInt());
            assertEquals(60, connected.get("inactivity_timeout").asInt());
        }
    }

    @Test
    void pingIsAnsweredWithPongAndTimestamp() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "ping"));
            JsonNode pong = socket.next();
            assertEquals("pong", pong.get("type").asText());
            assertTrue(pong.get("timestamp").isNumber());
        }
    }

    @Test
    void pongGetsNoReply() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "pong"));
            socket.send(Map.of("type", "ping"));
            assertEquals("pong", socket.next().get("type").asText());
        }
    }

    @Test
    void updateApiKeyIsAcknowledgedAfterItIsStored() {
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(1, login)) {
            socket.send(Map.of("type", "update_api_key", "key", "sk-1"));
            JsonNode ack = socket.next();
            assertEquals("ack", ack.get("type").asText());
            assertEquals("API key update acknowledged", ack.get("message").asText());
            assertEquals("sk-1", ack.get("api_key").asText());
            assertEquals(login.sessionId(), ack.get("session_id").asText());
            assertEquals("hub-1", ack.get("gateway_id").asText());
            assertTrue(ack.get("data").isNull());
            assertEquals("sk-1", session(login).at("/data/api_key").asText());
        }
    }

    @Test
    void updateApiKeyReachesTheUsersOtherSocketsAsSessionUpdated() {
        Login login = stack.newUser();
        try (TestSocket sender = stack.connect(1, login); TestSocket other = stack.connect(1, login)) {
            sender.send(Map.of("type", "update_api_key", "key", "sk-2"));
            assertEquals("ack", sender.next().get("type").asText());

            JsonNode pushed = other.next();
            assertEquals("session_updated", pushed.get("type").asText());
            assertEquals(login.sessionId(), pushed.get("session_id").asText());
            assertEquals("sk-2", pushed.at("/updates/api_key").asText());
            assertTrue(pushed.get("chat_id").isNull());
            // the sender has its ack and gets no copy of its own update
            sender.send(Map.of("type", "ping"));
            assertEquals("pong", sender.next().get("type").asText());
        }
    }

    @Test
    void chatMessageIsAcknowledgedAndAppendedToTheConversation() {
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(1, login)) {
            socket.send(Map.of("type", "chat_message", "content", "hello", "id", "m-1"));
            JsonNode ack = socket.next();
            assertEquals("chat_ack", ack.get("type").asText());
            assertEquals("m-1", ack.get("id").asText());
            JsonNode conversation = session(login).at("/data/conversation");
            assertEquals(1, conversation.size());
            assertEquals("hello", conversation.get(0).get("content").asText());
            assertEquals(login.user(), conversation.get(0).get("from").asText());
            assertEquals("m-1", conversation.get(0).get("id").asText());
        }
    }

    @Test
    void conversationKeepsOnlyTheLastConfiguredMessages() {
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(1, login)) {
            for (int i = 1; i <= 5; i++) {
                socket.send(Map.of("type", "chat_message", "content", "message " + i, "id", "m-" + i));
                assertEquals("m-" + i, socket.next("chat_ack").get("id").asText());
            }
            JsonNode conversation = session(login).at("/data/conversation");
            assertEquals(3, conversation.size());
            assertEquals("m-3", conversation.get(0).get("id").asText());
            assertEquals("m-5", conversation.get(2).get("id").asText());
        }
    }

    @Test
    void chatMessageWithoutIdGetsOne() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "chat_message", "content", "hi"));
            assertTrue(!socket.next("chat_ack").get("id").asText().isEmpty());
        }
    }

    @Test
    void chatMessageWithoutContentIsAnError() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "chat_message", "id", "x"));
            assertError(socket, "Invalid chat_message: 'content' must be a non-empty string");
        }
    }

    @Test
    void invalidJsonIsAnErrorAndTheSocketStaysOpen() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send("{not json");
            assertError(socket, "Invalid JSON");
            socket.send("[1, 2]");
            assertError(socket, "Invalid JSON");
            socket.send(Map.of("type", "ping"));
            assertEquals("pong", socket.next().get("type").asText());
        }
    }

    @Test
    void missingTypeIsAnError() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("content", "x"));
            assertError(socket, "Missing message type");
        }
    }

    @Test
    void unknownTypeIsAnError() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "teleport"));
            assertError(socket, "Unknown message type: teleport");
        }
    }

    @Test
    void adminCommandFromAUserIsUnauthorized() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "admin_command", "command", "system_stats"));
            assertError(socket, "Unauthorized: role 'user' cannot send 'admin_command'");
        }
    }

    @Test
    void binaryFramesCarryJsonToo() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(RawWebSocket.BINARY, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals("pong", socket.next().get("type").asText());
        }
    }

    @Test
    void systemStatsDescribeThisHub() {
        try (TestSocket socket = stack.connect(1, stack.adminLogin())) {
            socket.send(Map.of("type", "admin_command", "command", "system_stats"));
            JsonNode response = socket.next("admin_response");
            assertEquals("system_stats", response.get("command").asText());
            assertEquals("hub-1", response.at("/data/gateway_id").asText());
            assertTrue(response.at("/data/active_connections").asInt() >= 1);
            assertTrue(response.at("/data/messages_in").asLong() >= 1);
        }
    }

    @Test
    void userStatsCountTheUsersSocketsPerHub() {
        Login user = stack.newUser();
        try (TestSocket first = stack.connect(1, user); TestSocket second = stack.connect(1, user);
             TestSocket admin = stack.connect(1, stack.adminLogin())) {
            admin.send(Map.of("type", "admin_command", "command", "user_stats", "user_id", user.user()));
            JsonNode data = admin.next("admin_response").get("data");
            assertEquals(user.user(), data.get("user_id").asText());
            assertEquals(2, data.get("sockets").asInt());
            assertEquals(2, data.at("/hubs/hub-1/sockets").asInt());
            assertEquals(1, data.get("sessions").asInt());
        }
    }

    @Test
    void unknownAdminCommandIsAnError() {
        try (TestSocket socket = stack.connect(1, stack.adminLogin())) {
            socket.send(Map.of("type", "admin_command", "command", "reboot"));
            assertError(socket, "Unknown admin command: reboot");
        }
    }

    @Test
    void metricsCountMessagesPerTypeAndCloseCodes() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            socket.send(Map.of("type", "ping"));
            socket.next("pong");
        }
        String metrics = stack.http(1).get("/metrics", null).text();
        assertTrue(metrics.contains("gateway_ws_messages_in_total{type=\"ping\"}"), metrics);
        assertTrue(metrics.contains("gateway_ws_messages_out_total{type=\"pong\"}"), metrics);
        assertTrue(metrics.contains("gateway_ws_active_connections"), metrics);
        HubStack.await(java.time.Duration.ofSeconds(5),
                () -> stack.http(1).get("/metrics", null).text().contains("gateway_ws_closes_total{code=\"1000\"}"),
                "close code counted");
    }

    @Test
    void wsHealthReportsStatusAndActiveConnections() {
        try (TestSocket socket = stack.connect(1, stack.newUser())) {
            JsonNode health = stack.http(1).get("/ws/health", null).json();
            assertEquals("healthy", health.get("status").asText());
            assertTrue(health.get("active_connections").asInt() >= 1);
            assertEquals("hub-1", health.get("gateway_id").asText());
            assertEquals(false, health.get("draining").asBoolean());
        }
    }

    @Test
    void plainGetWithoutUpgradeIs400() {
        assertEquals(400, stack.http(1).get("/ws/connect", null).status());
    }

    private static JsonNode session(Login login) {
        return stack.sessions.get("/sessions/" + login.sessionId(), login.token()).json();
    }

    private static void assertError(TestSocket socket, String message) {
        JsonNode error = socket.next();
        assertEquals("error", error.get("type").asText());
        assertEquals(message, error.get("message").asText());
    }
}
