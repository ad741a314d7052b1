package dev.gateway.session;

import dev.gateway.session.SessionStack.Login;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import dev.gateway.testing.TestSocket.Closed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sessions expire after SESSION_TIMEOUT_SECONDS (here 2) without use; any use extends them. */
class SlidingExpiryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static SessionStack stack;

    @BeforeAll
    static void start() {
        stack = SessionStack.start(TestRedis.shared(), 1, 1, dev.gateway.hub.Main::start, Map.of("SESSION_TIMEOUT_SECONDS", "2",
                // hubs look for expired sessions once per ping interval: 1 s here instead of 25
                "WEBSOCKETS_PING_INTERVAL", "1"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anIdleSessionExpiresAndItsTokenIsRejected() {
        Login alice = stack.user();
        // Polled in Redis: a call with the token would itself keep the session alive.
        Eventually.await(Duration.ofSeconds(15), () -> stack.store.find(alice.sessionId()).isEmpty());

        assertEquals(401, stack.http(0).get("/sessions/" + alice.sessionId(), alice.token()).status());
    }

    @Test
    void authenticatedHttpCallsKeepTheSessionAlive() throws InterruptedException {
        Login alice = stack.user();
        long end = System.nanoTime() + TIMEOUT.multipliedBy(2).toNanos();
        while (System.nanoTime() < end) {
            assertEquals(200, stack.http(0).get("/sessions/users/" + alice.user() + "/sessions", alice.token()).status());
            Thread.sleep(300);
        }
    }

    @Test
    void webSocketMessagesKeepTheSessionAlive() throws InterruptedException {
        Login alice = stack.user();
        try (TestSocket socket = stack.socket(0, alice)) {
            long end = System.nanoTime() + TIMEOUT.multipliedBy(2).toNanos();
            while (System.nanoTime() < end) {
                socket.send(Map.of("type", "ping"));
                socket.next("pong");
                Thread.sleep(300);
            }
            assertEquals(200, stack.http(0).get("/sessions/" + alice.sessionId(), alice.token()).status());
        }
    }

    @Test
    void anExpiredSessionsSocketsAreClosed() {
        Login alice = stack.user();
        try (TestSocket socket = stack.socket(0, alice)) {
            Closed closed = socket.awaitClose(TIMEOUT.plusSeconds(3));

            assertEquals(1000, closed.code());
            assertEquals("Session expired", closed.reason());
        }
    }
}
