package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.config.Settings.RedisMode;
import dev.gateway.common.config.Settings.RedisSettings;
import dev.gateway.common.redis.RedisClients;
import dev.gateway.common.server.RunningService;
import org.redisson.api.RedissonClient;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** auth-service, session-service and one or more real hubs (hub-1, hub-2, ...) on one Redis. */
final class HubStack implements AutoCloseable {
    private static final String PASSWORD = "s3cret-pass";

    final GatewayStack stack;
    final List<RunningService> hubs = new ArrayList<>();
    final TestHttp auth;
    final TestHttp sessions;
    final String admin;
    private final Map<Integer, TestHttp> hubClients = new java.util.concurrent.ConcurrentHashMap<>();

    private HubStack(GatewayStack stack, RunningService auth, RunningService session, String admin) {
        this.stack = stack;
        this.auth = new TestHttp(GatewayStack.http(auth));
        this.sessions = new TestHttp(GatewayStack.http(session));
        this.admin = admin;
    }

    static HubStack start(TestRedis redis, int hubCount, Map<String, String> settings) {
        String admin = "admin_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(settings);
        values.put("ADMIN_USERNAME", admin);
        values.put("ADMIN_PASSWORD", PASSWORD);
        GatewayStack stack = GatewayStack.on(redis, values);
        RunningService auth = stack.start("auth-1", "AUTH_PORT", dev.gateway.auth.Main::start);
        RunningService session = stack.start("session-1", "SESSION_PORT", dev.gateway.session.Main::start);
        HubStack hubStack = new HubStack(stack, auth, session, admin);
        for (int i = 1; i <= hubCount; i++) {
            hubStack.hubs.add(stack.start("hub-" + i, "WS_HUB_PORT", Main::start));
        }
        return hubStack;
    }

    /** Adds a hub with settings of its own (on top of the stack's); it gets the next number. */
    int addHub(Map<String, String> settings) {
        hubs.add(stack.start("hub-" + (hubs.size() + 1), "WS_HUB_PORT", Main::start, settings));
        return hubs.size();
    }

    static HubStack start(TestRedis redis, int hubCount) {
        return start(redis, hubCount, Map.of());
    }

    RunningService hub(int number) {
        return hubs.get(number - 1);
    }

    /** Registers and logs in a new user. */
    Login newUser() {
        String user = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestHttp.Response registered = auth.post("/sessions/register",
                Map.of("username", user, "email", user + "@example.com", "password", PASSWORD), null);
        assertEquals(200, registered.status(), registered.text());
        return login(user);
    }

    Login adminLogin() {
        return login(admin);
    }

    private Login login(String user) {
        TestHttp.Response response = auth.post("/sessions/login", Map.of("username", user, "password", PASSWORD), null);
        assertEquals(200, response.status(), response.text());
        JsonNode body = response.json();
        return new Login(user, body.get("access_token").asText(), body.get("session_id").asText());
    }

    URI connectUri(int hub, Login login) {
        return GatewayStack.ws(hub(hub), "/ws/connect?session_id=" + login.sessionId() + "&token=" + login.token());
    }

    /** A socket on hub {@code hub} whose welcome frame was read. */
    TestSocket connect(int hub, Login login) {
        TestSocket socket = TestSocket.connect(connectUri(hub, login));
        assertEquals("connected", socket.next().get("type").asText());
        return socket;
    }

    /** A frame-level socket on hub {@code hub} whose welcome frame was read. */
    RawWebSocket connectRaw(int hub, Login login) {
        RawWebSocket socket = RawWebSocket.connect(connectUri(hub, login));
        assertEquals("connected", socket.next().get("type").asText());
        return socket;
    }

    TestHttp http(int hub) {
        return hubClients.computeIfAbsent(hub, number -> new TestHttp(GatewayStack.http(hub(number))));
    }

    int activeConnections(int hub) {
        return http(hub).get("/ws/health", null).json().get("active_connections").asInt();
    }

    /** A Redis client of the test's own, to watch what the services write and publish. */
    static RedissonClient observer(TestRedis redis) {
        return RedisClients.create(new RedisSettings(redis.url(), RedisMode.SINGLE, Optional.empty(), List.of()));
    }

    /** Polls {@code condition} until it holds, failing after {@code limit}. */
    static void await(Duration limit, BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within " + limit + ": " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A logged-in user: name, access token and the login's session. */
    record Login(String user, String token, String sessionId) {
    }

    @Override
    public void close() {
        stack.close();
    }
}
