package dev.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.config.Settings.RedisMode;
import dev.gateway.common.config.Settings.RedisSettings;
import dev.gateway.common.redis.RedisClients;
import dev.gateway.common.server.RunningService;
import dev.gateway.testing.TestRedis;
import org.redisson.api.RedissonClient;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Account calls the auth tests repeat: register, log in, unique names. */
public final class AuthClient {
    public static final String PASSWORD = "correct-horse-battery";
    /** Cheap Argon2 parameters so tests that log in many times stay fast. */
    public static final Map<String, String> FAST_HASHING = Map.of("ARGON2_MEMORY_KIB", "1024", "ARGON2_ITERATIONS", "1");

    public final TestHttp http;

    public AuthClient(RunningService auth) {
        this.http = new TestHttp(GatewayStack.http(auth));
    }

    public static String uniqueName() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public Response register(String username, String password) {
        return http.post("/sessions/register",
                Map.of("username", username, "email", username + "@example.com", "password", password), null);
    }

    public Response login(String username, String password) {
        return http.post("/sessions/login", Map.of("username", username, "password", password), null);
    }

    /** Registers {@code username} and logs it in; the login body. */
    public JsonNode registerAndLogin(String username) {
        assertEquals(200, register(username, PASSWORD).status());
        Response login = login(username, PASSWORD);
        assertEquals(200, login.status(), login.text());
        return login.json();
    }

    /** A fresh user's access token. */
    public String newUserToken() {
        return registerAndLogin(uniqueName()).get("access_token").asText();
    }

    /** A Redisson client on {@code redis}, for tests that look at or plant stored records. */
    public static RedissonClient redisClient(TestRedis redis) {
        return RedisClients.create(new RedisSettings(redis.url(), RedisMode.SINGLE, Optional.empty(), List.of()));
    }

    /** Asserts the API error body of a 401. */
    public static void assertUnauthorized(Response response) {
        assertEquals(401, response.status(), response.text());
        assertEquals("Unauthorized", response.json().get("error").asText());
        assertEquals(401, response.json().get("status_code").asInt());
    }
}
