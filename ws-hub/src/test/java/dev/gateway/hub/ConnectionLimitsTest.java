package dev.gateway.hub;

import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sockets over the per-user limit (counted over every hub) or the per-hub limit are closed with 1013. */
class ConnectionLimitsTest {
    private static HubStack stack;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 2, Map.of("WS_MAX_CONNECTIONS_PER_USER", "2",
                "WS_MAX_CONNECTIONS", "3"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void socketOverThePerUserLimitOnAnyHubCloses1013() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(1, login); TestSocket second = stack.connect(2, login);
             TestSocket third = TestSocket.connect(stack.connectUri(2, login))) {
            TestSocket.Closed closed = third.awaitClose();
            assertEquals(1013, closed.code());
            assertEquals("Too many connections for this user", closed.reason());
        }
    }

    @Test
    void closingASocketFreesItsPlaceUnderTheUserLimit() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(1, login)) {
            stack.connect(1, login).close();
            HubStack.await(java.time.Duration.ofSeconds(5), () -> stack.activeConnections(1) == 1, "released");
            try (TestSocket again = stack.connect(1, login)) {
                again.send(Map.of("type", "ping"));
                assertEquals("pong", again.next().get("type").asText());
            }
        }
    }

    @Test
    void socketOverThePerHubLimitCloses1013() {
        try (TestSocket a = stack.connect(2, stack.newUser()); TestSocket b = stack.connect(2, stack.newUser());
             TestSocket c = stack.connect(2, stack.newUser());
             TestSocket refused = TestSocket.connect(stack.connectUri(2, stack.newUser()))) {
            TestSocket.Closed closed = refused.awaitClose();
            assertEquals(1013, closed.code());
            assertEquals("Hub at capacity", closed.reason());
        }
    }
}
