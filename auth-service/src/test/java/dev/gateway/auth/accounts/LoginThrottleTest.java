package dev.gateway.auth.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.common.json.Json;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brute-force protection: per username and per client IP (the last X-Forwarded-For entry), a growing
 * delay and then a lockout, answered with 429 and Retry-After, shared by every instance through Redis.
 */
class LoginThrottleTest {
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    private static GatewayStack stack;
    private static AuthClient first;
    private static AuthClient second;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(AuthClient.FAST_HASHING);
        settings.putAll(Map.of("LOGIN_DELAY_AFTER_FAILURES", "2", "LOGIN_LOCKOUT_AFTER_FAILURES", "4",
                "LOGIN_IP_DELAY_AFTER_FAILURES", "4", "LOGIN_IP_LOCKOUT_AFTER_FAILURES", "5",
                "LOGIN_LOCKOUT_SECONDS", "600"));
        stack = GatewayStack.on(TestRedis.shared(), settings);
        first = new AuthClient(stack.start("auth-1", "AUTH_PORT", Main::start));
        second = new AuthClient(stack.start("auth-2", "AUTH_PORT", Main::start));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void repeatedFailuresForOneNameDelayMoreEachTimeThenLockOutOnEveryInstance() {
        String name = registered();
        AuthClient.assertUnauthorized(login(first, name, "wrong-password-1", newIp()));
        AuthClient.assertUnauthorized(login(second, name, "wrong-password-2", newIp()));

        Response delayed = login(first, name, AuthClient.PASSWORD, newIp());
        assertEquals(429, delayed.status(), delayed.text());
        assertEquals("Too Many Requests", delayed.json().get("error").asText());
        assertEquals("1", delayed.header("Retry-After"));

        AuthClient.assertUnauthorized(awaitNot429(() -> login(second, name, "wrong-password-3", newIp())));
        assertEquals("2", login(first, name, AuthClient.PASSWORD, newIp()).header("Retry-After"));

        AuthClient.assertUnauthorized(awaitNot429(() -> login(first, name, "wrong-password-4", newIp())));
        Response locked = login(second, name, AuthClient.PASSWORD, newIp());
        assertEquals(429, locked.status());
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 590 && retryAfter <= 600, "lockout Retry-After was " + retryAfter);
    }

    @Test
    void successfulLoginForgetsTheNamesFailures() {
        String name = registered();
        AuthClient.assertUnauthorized(login(first, name, "wrong-password", newIp()));
        assertEquals(200, login(first, name, AuthClient.PASSWORD, newIp()).status());
        AuthClient.assertUnauthorized(login(first, name, "wrong-password", newIp()));
        assertEquals(200, login(first, name, AuthClient.PASSWORD, newIp()).status());
    }

    @Test
    void repeatedFailuresFromOneIpDelayLoginsOfEveryName() {
        String ip = newIp();
        for (int i = 0; i < 4; i++) {
            AuthClient.assertUnauthorized(login(first, AuthClient.uniqueName(), "wrong-password", ip));
        }
        Response delayed = login(second, registered(), AuthClient.PASSWORD, "10.0.0.1, " + ip);
        assertEquals(429, delayed.status());
        assertEquals("1", delayed.header("Retry-After"));
        assertEquals(200, login(second, registered(), AuthClient.PASSWORD, newIp()).status(), "other IPs are not affected");
    }

    @Test
    void onlyTheLastForwardedForEntryCounts() {
        String spoofed = newIp();
        for (int i = 0; i < 5; i++) {
            AuthClient.assertUnauthorized(login(first, AuthClient.uniqueName(), "wrong-password", spoofed + ", " + newIp()));
        }
        assertEquals(200, login(first, registered(), AuthClient.PASSWORD, spoofed).status());
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String ip = newIp();
        Response unknown = login(first, AuthClient.uniqueName(), AuthClient.PASSWORD, ip);
        Response wrong = login(first, registered(), "wrong-password", ip);
        AuthClient.assertUnauthorized(unknown);
        assertEquals(withoutRequestFields(unknown), withoutRequestFields(wrong));
    }

    private static ObjectNode withoutRequestFields(Response response) {
        ObjectNode body = (ObjectNode) response.json();
        body.remove(List.of("timestamp", "request_id"));
        return body;
    }

    private static String registered() {
        String name = AuthClient.uniqueName();
        assertEquals(200, first.register(name, AuthClient.PASSWORD).status());
        return name;
    }

    static String newIp() {
        int n = NEXT_IP.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250);
    }

    static Response login(AuthClient client, String name, String password, String forwardedFor) {
        String body = Json.string(Map.of("username", name, "password", password));
        return client.http.send(client.http.request("/sessions/login", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response awaitNot429(java.util.function.Supplier<Response> attempt) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Response response = attempt.get();
        while (response.status() == 429 && Instant.now().isBefore(deadline)) {
            sleep();
            response = attempt.get();
        }
        return response;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
