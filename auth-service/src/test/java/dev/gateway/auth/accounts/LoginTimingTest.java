package dev.gateway.auth.accounts;

import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the default (OWASP) Argon2 cost, a login for an unknown user takes as long as one with a wrong
 * password: both verify a hash. Without the dummy hash the unknown case would answer many times faster.
 */
class LoginTimingTest {
    private static final int ROUNDS = 11;
    private static final int WARMUP = 2;
    private static GatewayStack stack;
    private static AuthClient client;

    @BeforeAll
    static void start() {
        stack = GatewayStack.on(TestRedis.shared());
        client = new AuthClient(stack.start("auth-timing", "AUTH_PORT", Main::start));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void unknownUserTakesAsLongAsAWrongPassword() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            String name = AuthClient.uniqueName();
            assertEquals(200, client.register(name, AuthClient.PASSWORD).status());
            users.add(name);
        }
        List<Long> unknown = new ArrayList<>();
        List<Long> wrongPassword = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            // alternate which case goes first, so that neither always follows the other's garbage
            long unknownTime;
            long wrongTime;
            if (i % 2 == 0) {
                unknownTime = timedFailure(AuthClient.uniqueName(), AuthClient.PASSWORD);
                wrongTime = timedFailure(users.get(i), "wrong-password");
            } else {
                wrongTime = timedFailure(users.get(i), "wrong-password");
                unknownTime = timedFailure(AuthClient.uniqueName(), AuthClient.PASSWORD);
            }
            if (i >= WARMUP) {
                unknown.add(unknownTime);
                wrongPassword.add(wrongTime);
            }
        }
        double ratio = (double) median(unknown) / median(wrongPassword);
        assertTrue(ratio > 0.6 && ratio < 1.6,
                "median unknown " + median(unknown) / 1000 + " us vs wrong password " + median(wrongPassword) / 1000 + " us");
    }

    private static long timedFailure(String name, String password) {
        long start = System.nanoTime();
        AuthClient.assertUnauthorized(LoginThrottleTest.login(client, name, password, LoginThrottleTest.newIp()));
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
