package dev.gateway.auth.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.common.server.RunningService;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.RawHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, login, refresh and the login policy against a real Redis. */
class AccountsTest {
    private static GatewayStack stack;
    private static AuthClient client;
    private static RedissonClient redis;
    private static int authPort;

    @BeforeAll
    static void start() {
        stack = GatewayStack.on(TestRedis.shared(), AuthClient.FAST_HASHING);
        RunningService auth = stack.start("auth-1", "AUTH_PORT", Main::start);
        client = new AuthClient(auth);
        authPort = auth.port();
        redis = AuthClient.redisClient(TestRedis.shared());
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.shutdown();
    }

    @Test
    void twentySimultaneousRegistrationsOfOneNameGiveExactlyOneAccount() throws Exception {
        String name = AuthClient.uniqueName();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String spelling = i % 2 == 0 ? name : name.toUpperCase();
                results.add(pool.submit(() -> {
                    go.await();
                    return client.register(spelling, AuthClient.PASSWORD).status();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> result : results) {
                byStatus.merge(result.get(), 1, Integer::sum);
            }
            assertEquals(Map.of(200, 1, 409, 19), byStatus);
        }
    }

    @Test
    void registrationNamesTheInvalidField() {
        assertInvalid(client.register("ab", AuthClient.PASSWORD), "username");
        assertInvalid(client.register("bad name!", AuthClient.PASSWORD), "username");
        assertInvalid(client.register(AuthClient.uniqueName(), "short"), "password");
        assertInvalid(client.register(AuthClient.uniqueName(), "x".repeat(129)), "password");
        Response badEmail = client.http.post("/sessions/register",
                Map.of("username", AuthClient.uniqueName(), "email", "not-an-email", "password", AuthClient.PASSWORD), null);
        assertInvalid(badEmail, "email");
    }

    @Test
    void aNumberIsNotTakenForAUsername() {
        Response response = client.http.post("/sessions/register",
                "{\"username\":123,\"email\":\"n@example.com\",\"password\":\"" + AuthClient.PASSWORD + "\"}", null);
        assertInvalid(response, "username");
        assertEquals(401, client.login("123", AuthClient.PASSWORD).status());
    }

    @Test
    void bodyWithAMalformedChunkIs400() {
        RawHttp.Answer answer = RawHttp.exchange(authPort, "POST /sessions/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n");
        assertEquals(400, answer.status(), answer.body());
        assertEquals(400, answer.json().get("status_code").asInt());
        assertEquals("/sessions/login", answer.json().get("path").asText());
    }

    @Test
    void loginMatchesTheUsernameInAnyCase() {
        String name = AuthClient.uniqueName();
        client.registerAndLogin(name);
        Response login = client.login(name.toUpperCase(), AuthClient.PASSWORD);
        assertEquals(200, login.status());
        assertEquals(name, login.json().at("/user/username").asText());
    }

    @Test
    void newLoginEndsThePreviousSessionUnderTheSinglePolicy() {
        String name = AuthClient.uniqueName();
        String first = client.registerAndLogin(name).get("access_token").asText();
        String second = client.login(name, AuthClient.PASSWORD).json().get("access_token").asText();
        AuthClient.assertUnauthorized(client.http.post("/sessions/logout", null, first));
        assertEquals(200, client.http.post("/sessions/logout", null, second).status());
    }

    @Test
    void refreshRotatesAndKeepsTheSession() {
        JsonNode login = client.registerAndLogin(AuthClient.uniqueName());
        Response refreshed = refresh(login.get("refresh_token").asText());
        assertEquals(200, refreshed.status());
        assertEquals(login.get("session_id").asText(), refreshed.json().get("session_id").asText());
        assertTrue(!login.get("refresh_token").asText().equals(refreshed.json().get("refresh_token").asText()));
        assertEquals(200, client.http.post("/sessions/logout", null, refreshed.json().get("access_token").asText()).status());
    }

    @Test
    void reusingASpentRefreshTokenEndsTheSession() {
        JsonNode login = client.registerAndLogin(AuthClient.uniqueName());
        String spent = login.get("refresh_token").asText();
        JsonNode rotated = refresh(spent).json();
        AuthClient.assertUnauthorized(refresh(spent));
        AuthClient.assertUnauthorized(client.http.post("/sessions/logout", null, rotated.get("access_token").asText()));
        AuthClient.assertUnauthorized(refresh(rotated.get("refresh_token").asText()));
    }

    @Test
    void deletedAccountCannotLogInAndItsTokenStops() {
        String name = AuthClient.uniqueName();
        String token = client.registerAndLogin(name).get("access_token").asText();
        Response deleted = client.http.post("/sessions/delete_account", null, token);
        assertEquals(200, deleted.status());
        assertEquals("Account deleted successfully", deleted.json().get("message").asText());
        AuthClient.assertUnauthorized(client.http.post("/sessions/logout", null, token));
        AuthClient.assertUnauthorized(client.login(name, AuthClient.PASSWORD));
    }

    @Test
    void loginUpgradesTheHashWhenArgon2ParametersChange() {
        String name = AuthClient.uniqueName();
        client.registerAndLogin(name);
        assertTrue(storedHash(name).startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), storedHash(name));

        AuthClient stronger = new AuthClient(stack.start("auth-stronger", "AUTH_PORT", Main::start,
                Map.of("ARGON2_MEMORY_KIB", "2048", "ARGON2_ITERATIONS", "2")));
        assertEquals(200, stronger.login(name, AuthClient.PASSWORD).status());
        assertTrue(storedHash(name).startsWith("$argon2id$v=19$m=2048,t=2,p=1$"), storedHash(name));
        assertEquals(200, stronger.login(name, AuthClient.PASSWORD).status());
        assertEquals(200, client.login(name, AuthClient.PASSWORD).status(), "old parameters still verify new hashes");
    }

    private static Response refresh(String refreshToken) {
        return client.http.post("/sessions/refresh", Map.of("refresh_token", refreshToken), null);
    }

    private static String storedHash(String name) {
        return redis.<String, String>getMap(UserStore.key(name), StringCodec.INSTANCE).get("password_hash");
    }

    private static void assertInvalid(Response response, String field) {
        assertEquals(422, response.status(), response.text());
        assertTrue(response.json().get("detail").asText().startsWith(field + ":"), response.text());
    }
}
