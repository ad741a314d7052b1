package dev.gateway.session;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.SettingsParser;
import dev.gateway.common.redis.RedisClients;
import dev.gateway.common.server.RunningService;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.tokens.TokenService;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.redisson.api.RedissonClient;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Session services and hubs on one real Redis, and logins made the way auth-service makes them (a session
 * in Redis and a token naming it), so these tests need no auth-service.
 */
final class SessionStack implements AutoCloseable {
    final GatewayStack stack;
    final List<RunningService> sessionServices = new ArrayList<>();
    final List<RunningService> hubs = new ArrayList<>();
    final RedissonClient redis;
    final SessionStore store;
    private final TokenService tokens;

    private SessionStack(GatewayStack stack, Settings settings) {
        this.stack = stack;
        this.redis = RedisClients.create(settings.redis());
        this.store = new SessionStore(redis, settings.sessions().inactivityTimeout(), Clock.systemUTC());
        this.tokens = new TokenService(settings.tokens(), Clock.systemUTC());
    }

    static SessionStack start(TestRedis redis, int sessionServices, Map<String, String> settings) {
        return start(redis, sessionServices, 0, null, settings);
    }

    /** Also starts {@code hubs} hubs through {@code hubMain} (the ws-hub module's tests pass its Main). */
    static SessionStack start(TestRedis redis, int sessionServices, int hubs, Function<Settings, RunningService> hubMain,
                              Map<String, String> settings) {
        GatewayStack stack = GatewayStack.on(redis, settings);
        Map<String, String> values = new java.util.HashMap<>(settings);
        values.put("REDIS_URL", redis.url().toString());
        values.put("SECRET_KEY", stack.setting("SECRET_KEY"));
        SessionStack sessions = new SessionStack(stack, SettingsParser.parse(values));
        for (int i = 1; i <= sessionServices; i++) {
            sessions.sessionServices.add(stack.start("session-" + i, "SESSION_PORT", Main::start));
        }
        for (int i = 1; i <= hubs; i++) {
            sessions.hubs.add(stack.start("hub-" + i, "WS_HUB_PORT", hubMain));
        }
        return sessions;
    }

    /** A fresh user logged in with {@code role}: a session of theirs and its access token. */
    Login login(String role) {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        String sessionId = store.create(user, null, null).orElseThrow().sessionId();
        return new Login(user, sessionId, tokens.issue(user, role, sessionId).token());
    }

    Login user() {
        return login(Principal.USER);
    }

    Login admin() {
        return login(Principal.ADMIN);
    }

    TestHttp http(int service) {
        return new TestHttp(GatewayStack.http(sessionServices.get(service)));
    }

    TestSocket socket(int hub, Login login) {
        URI uri = GatewayStack.ws(hubs.get(hub), "/ws/connect?session_id=" + login.sessionId() + "&token=" + login.token());
        TestSocket socket = TestSocket.connect(uri);
        socket.next("connected");
        return socket;
    }

    @Override
    public void close() {
        stack.close();
        redis.shutdown();
    }

    record Login(String user, String sessionId, String token) {
    }
}
