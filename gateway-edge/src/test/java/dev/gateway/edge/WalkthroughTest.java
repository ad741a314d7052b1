package dev.gateway.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.gateway.edge.ErrorBodies.assertErrorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README walkthrough and its error cases, through the edge, against the four real services. */
class WalkthroughTest {
    private static EdgeStack stack;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        stack = EdgeStack.start(TestRedis.shared(), Map.of());
        http = new TestHttp(stack.http());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void walkthroughFromRegistrationToLogout() {
        String user = uniqueName();
        Response registered = http.post("/sessions/register",
                Map.of("username", user, "email", user + "@example.com", "password", "s3cret-pass"), null);
        assertEquals(200, registered.status());
        assertEquals("User registered successfully", registered.json().get("message").asText());
        assertEquals(user, registered.json().get("username").asText());

        JsonNode login = login(user, "s3cret-pass");
        String token = login.get("access_token").asText();
        assertEquals("bearer", login.get("token_type").asText());
        assertEquals(1800, login.get("expires_in").asLong());
        assertFalse(login.get("refresh_token").asText().isEmpty());
        assertEquals(user, login.at("/user/username").asText());
        assertEquals("user", login.at("/user/role").asText());

        Response created = http.post("/sessions/create", Map.of("chat_id", "chat-1"), token);
        assertEquals(200, created.status());
        JsonNode session = created.json();
        String sessionId = session.get("session_id").asText();
        assertEquals(user, session.get("user_id").asText());
        assertEquals("chat-1", session.get("chat_id").asText());
        assertTrue(session.at("/data/conversation").isArray());
        assertTrue(session.at("/data/api_key").isNull());
        assertTrue(session.get("ws_url").asText().startsWith("ws://127.0.0.1:" + stack.edge.port() + "/ws/connect?session_id=" + sessionId));
        assertTrue(session.get("created_at").isNumber());

        Response updated = http.post("/sessions/update/" + sessionId, Map.of("data", Map.of("theme", "dark")), token);
        assertEquals(200, updated.status());
        assertEquals("Session updated", updated.json().get("message").asText());
        assertEquals(sessionId, updated.json().get("session_id").asText());

        try (TestSocket socket = TestSocket.connect(stack.ws("/ws/connect?session_id=" + sessionId + "&token=" + token))) {
            JsonNode connected = socket.next();
            assertEquals("connected", connected.get("type").asText());
            assertEquals("WebSocket connection established", connected.get("message").asText());
            assertEquals(user, connected.get("user_id").asText());
            assertEquals(sessionId, connected.get("session_id").asText());
            assertEquals("hub-1", connected.get("gateway_id").asText());
            assertEquals(25, connected.get("ping_interval").asInt());
            assertEquals(60, connected.get("inactivity_timeout").asInt());

            socket.send(Map.of("type", "ping"));
            JsonNode pong = socket.next();
            assertEquals("pong", pong.get("type").asText());
            assertTrue(pong.get("timestamp").isNumber());

            socket.send(Map.of("type", "update_api_key", "key", "sk-live-123"));
            JsonNode ack = socket.next();
            assertEquals("ack", ack.get("type").asText());
            assertEquals("API key update acknowledged", ack.get("message").asText());
            assertEquals("sk-live-123", ack.get("api_key").asText());
            assertEquals(sessionId, ack.get("session_id").asText());
            assertEquals("hub-1", ack.get("gateway_id").asText());
            assertTrue(ack.get("data").isNull());

            assertEquals(200, http.post("/sessions/update/" + sessionId, Map.of("data", Map.of("lang", "en")), token).status());
            JsonNode pushed = socket.next("session_updated");
            assertEquals(sessionId, pushed.get("session_id").asText());
            assertEquals("en", pushed.at("/updates/lang").asText());

            JsonNode stored = http.get("/sessions/" + sessionId, token).json();
            assertEquals("sk-live-123", stored.at("/data/api_key").asText());
            assertEquals("dark", stored.at("/data/theme").asText());
            assertEquals(0, stored.at("/data/conversation").size());

            Response logout = http.post("/sessions/logout", "", token);
            assertEquals(200, logout.status());
            assertEquals("Logged out successfully", logout.json().get("message").asText());

            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(2));
            assertEquals(1000, closed.code());
            assertEquals("Logged out", closed.reason());
        }
        Response afterLogout = http.get("/sessions/" + sessionId, token);
        assertEquals(401, afterLogout.status());
        assertErrorBody(afterLogout, 401, "/sessions/" + sessionId);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        String user = register();
        Response wrong = http.post("/sessions/login", Map.of("username", user, "password", "not-the-password"), null);
        Response unknown = http.post("/sessions/login", Map.of("username", uniqueName(), "password", "whatever-pass"), null);
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertErrorBody(wrong, 401, "/sessions/login");
        assertEquals(wrong.json().get("detail"), unknown.json().get("detail"));
    }

    @Test
    void aNewLoginClosesThePreviousSessionsSocketAndEndsItsToken() {
        String user = uniqueName();
        http.post("/sessions/register", Map.of("username", user, "email", user + "@example.com", "password", "s3cret-pass"), null);
        JsonNode first = login(user, "s3cret-pass");
        String token = first.get("access_token").asText();
        try (TestSocket socket = TestSocket.connect(stack.ws("/ws/connect?session_id="
                + first.get("session_id").asText() + "&token=" + token))) {
            assertEquals("connected", socket.next().get("type").asText());

            login(user, "s3cret-pass");

            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(2));
            assertEquals(1000, closed.code());
            assertEquals("Logged in elsewhere", closed.reason());
        }
        assertEquals(401, Eventually.poll(Duration.ofSeconds(1),
                () -> http.get("/sessions/" + first.get("session_id").asText(), token).status(), status -> status == 401));
    }

    @Test
    void eventStreamThroughTheEdgeDeliversEachUpdateAsItHappens() throws Exception {
        String user = uniqueName();
        http.post("/sessions/register", Map.of("username", user, "email", user + "@example.com", "password", "s3cret-pass"), null);
        JsonNode login = login(user, "s3cret-pass");
        String token = login.get("access_token").asText();
        String sessionId = login.get("session_id").asText();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(stack.http().resolve("/sessions/events"))
                .header("Authorization", "Bearer " + token).build();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(request,
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
        try {
            assertEquals(": connected", lines.poll(5, TimeUnit.SECONDS), "the stream's first line, at once");
            http.post("/sessions/update/" + sessionId, Map.of("data", Map.of("theme", "dark")), token);

            String line = lines.poll(5, TimeUnit.SECONDS);
            while (line != null && !line.startsWith("data: ")) {
                line = lines.poll(5, TimeUnit.SECONDS);
            }
            assertNotNull(line, "no event arrived through the edge within 5 s");
            JsonNode event = Json.tree(line.substring("data: ".length()));
            assertEquals("session_updated", event.get("type").asText());
            assertEquals("dark", event.at("/updates/theme").asText());
        } finally {
            stream.cancel(true);
            client.close();
        }
    }

    /** Hands each line of a streamed body to a queue as soon as it arrives. */
    private record LineCollector(BlockingQueue<String> lines) implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }

    @Test
    void loginMatchesTheUsernameCaseInsensitively() {
        String user = register();
        JsonNode login = login(user.toUpperCase(), "s3cret-pass");
        assertEquals(user, login.at("/user/username").asText());
    }

    @Test
    void badTokenOnTheSocketClosesWith1008() {
        try (TestSocket socket = TestSocket.connect(stack.ws("/ws/connect?session_id=x&token=not-a-jwt"))) {
            TestSocket.Closed closed = socket.awaitClose();
            assertEquals(1008, closed.code());
            assertEquals("Invalid token", closed.reason());
        }
    }

    @Test
    void someoneElsesSessionClosesWith1008SessionMismatch() {
        String owner = register();
        String ownerToken = login(owner, "s3cret-pass").get("access_token").asText();
        String sessionId = http.post("/sessions/create", Map.of(), ownerToken).json().get("session_id").asText();
        String other = register();
        String otherToken = login(other, "s3cret-pass").get("access_token").asText();
        try (TestSocket socket = TestSocket.connect(stack.ws("/ws/connect?session_id=" + sessionId + "&token=" + otherToken))) {
            TestSocket.Closed closed = socket.awaitClose();
            assertEquals(1008, closed.code());
            assertEquals("Session mismatch", closed.reason());
        }
    }

    @Test
    void tokenInSecWebSocketProtocolIsAcceptedAndBearerIsSelected() {
        String user = register();
        JsonNode login = login(user, "s3cret-pass");
        String sessionId = login.get("session_id").asText();
        try (TestSocket socket = TestSocket.connect(stack.ws("/ws/connect?session_id=" + sessionId),
                "bearer", login.get("access_token").asText())) {
            assertEquals("bearer", socket.subprotocol());
            assertEquals("connected", socket.next().get("type").asText());
        }
    }

    @Test
    void unknownPathIs404WithTheErrorBody() {
        Response response = http.get("/no/such/path", null);
        assertEquals(404, response.status());
        assertErrorBody(response, 404, "/no/such/path");
    }

    @Test
    void wrongMethodOnAKnownPathIs405() {
        Response delete = http.delete("/sessions/update/abc", null);
        assertEquals(405, delete.status());
        assertErrorBody(delete, 405, "/sessions/update/abc");
        assertEquals("POST", delete.header("Allow"));
    }

    @Test
    void malformedJsonIs400() {
        Response response = http.post("/sessions/register", "{\"username\": ", null);
        assertEquals(400, response.status());
        assertErrorBody(response, 400, "/sessions/register");
    }

    @Test
    void jsonWithTrailingGarbageIs400() {
        String user = register();
        String token = login(user, "s3cret-pass").get("access_token").asText();
        String sessionId = http.post("/sessions/create", Map.of(), token).json().get("session_id").asText();
        Response update = http.post("/sessions/update/" + sessionId, "{\"data\":{}} xyz", token);
        assertEquals(400, update.status(), update.text());
        assertErrorBody(update, 400, "/sessions/update/" + sessionId);
        assertEquals("Malformed JSON in request body", update.json().get("detail").asText());
        Response login = http.post("/sessions/login",
                "{\"username\":\"" + user + "\",\"password\":\"s3cret-pass\"} {}", null);
        assertEquals(400, login.status(), login.text());
        assertErrorBody(login, 400, "/sessions/login");
    }

    @Test
    void nonJsonContentTypeIs415() {
        Response response = http.send(http.request("/sessions/login", null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("username=a")));
        assertEquals(415, response.status());
        assertErrorBody(response, 415, "/sessions/login");
    }

    @Test
    void duplicateUsernameInAnyCaseIs409() {
        String user = register();
        Response again = http.post("/sessions/register",
                Map.of("username", user.toUpperCase(), "email", "x@example.com", "password", "s3cret-pass"), null);
        assertEquals(409, again.status());
        assertErrorBody(again, 409, "/sessions/register");
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        Response shortName = http.post("/sessions/register",
                Map.of("username", "ab", "email", "a@example.com", "password", "s3cret-pass"), null);
        assertEquals(422, shortName.status());
        assertTrue(shortName.json().get("detail").asText().startsWith("username"));
        Response badEmail = http.post("/sessions/register",
                Map.of("username", uniqueName(), "email", "not-an-email", "password", "s3cret-pass"), null);
        assertEquals(422, badEmail.status());
        assertTrue(badEmail.json().get("detail").asText().startsWith("email"));
        Response shortPassword = http.post("/sessions/register",
                Map.of("username", uniqueName(), "email", "a@example.com", "password", "short"), null);
        assertEquals(422, shortPassword.status());
        assertTrue(shortPassword.json().get("detail").asText().startsWith("password"));
    }

    @Test
    void valuesOfTheWrongJsonTypeAre422NamingTheField() {
        String user = uniqueName();
        assertWrongType(http.post("/sessions/register", "{\"username\":123,\"email\":\"" + user
                + "@example.com\",\"password\":\"s3cret-pass\"}", null), "/sessions/register", "username: must be a string");
        assertWrongType(http.post("/sessions/login", "{\"username\":\"" + user + "\",\"password\":{}}", null),
                "/sessions/login", "password: must be a string");
        String token = login(register(), "s3cret-pass").get("access_token").asText();
        assertWrongType(http.post("/sessions/create", "{\"chat_id\":5}", token), "/sessions/create", "chat_id: must be a string");
    }

    @Test
    void requestIdIsKeptWhenSaneAndReplacedOtherwise() {
        Response kept = http.send(http.request("/no/such/path", null).header("X-Request-ID", "abc.123_x-y").GET());
        assertEquals("abc.123_x-y", kept.header("X-Request-ID"));
        assertEquals("abc.123_x-y", kept.json().get("request_id").asText());
        Response replaced = http.send(http.request("/no/such/path", null).header("X-Request-ID", "bad id!").GET());
        assertNotEquals("bad id!", replaced.header("X-Request-ID"));
        assertEquals(replaced.header("X-Request-ID"), replaced.json().get("request_id").asText());
    }

    @Test
    void missingTokenIs401() {
        Response response = http.post("/sessions/create", Map.of(), null);
        assertEquals(401, response.status());
        assertErrorBody(response, 401, "/sessions/create");
    }

    @Test
    void healthAggregatesEveryService() {
        Response response = http.get("/health", null);
        assertEquals(200, response.status());
        JsonNode health = response.json();
        assertEquals("healthy", health.get("status").asText());
        assertTrue(health.get("redis_connected").asBoolean());
        for (String service : new String[] {"auth", "session", "ws_hub"}) {
            assertEquals("healthy", health.at("/services/" + service + "/status").asText(), service);
        }
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        http.get("/health", null);
        Response response = http.get("/metrics", null);
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/plain"));
        assertTrue(response.text().contains("# TYPE gateway_http_requests_total counter"), response.text());
        assertTrue(response.text().contains("gateway_http_requests_total{status=\"200\"}"), response.text());
    }

    private static void assertWrongType(Response response, String path, String detail) {
        assertEquals(422, response.status(), response.text());
        assertErrorBody(response, 422, path);
        assertEquals(detail, response.json().get("detail").asText());
    }

    private static String register() {
        String user = uniqueName();
        Response response = http.post("/sessions/register",
                Map.of("username", user, "email", user + "@example.com", "password", "s3cret-pass"), null);
        assertEquals(200, response.status(), response.text());
        return user;
    }

    private static JsonNode login(String user, String password) {
        Response response = http.post("/sessions/login", Map.of("username", user, "password", password), null);
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static String uniqueName() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
