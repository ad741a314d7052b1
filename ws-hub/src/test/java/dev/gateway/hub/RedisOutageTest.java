package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.TcpProxy;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A hub whose link to Redis breaks for a while receives the control events it missed once it is back. */
class RedisOutageTest {
    private static HubStack stack;
    private static TcpProxy link;
    private static int cutOff;

    @BeforeAll
    static void start() {
        link = TcpProxy.to("127.0.0.1", TestRedis.shared().port());
        stack = HubStack.start(TestRedis.shared(), 0);
        cutOff = stack.addHub(Map.of("REDIS_URL", link.replacePort(TestRedis.shared().url()).toString()));
    }

    @AfterAll
    static void stop() {
        stack.close();
        link.close();
    }

    @Test
    void logoutDuringAnOutageClosesTheSocketOnceTheHubIsBack() throws InterruptedException {
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(cutOff, login)) {
            socket.send(Map.of("type", "ping"));
            socket.next("pong"); // the hub finished opening the socket
            link.cut();
            assertEquals(200, stack.auth.post("/sessions/logout", "", login.token()).status());
            Thread.sleep(1500);
            assertFalse(socket.isClosed(), "the event reached the hub although its link to Redis was cut");
            restore();
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(30));
            assertEquals(1000, closed.code());
        }
    }

    @Test
    void messageNeedingRedisDuringAnOutageGetsAnErrorAndTheSocketStaysOpen() {
        Login login = stack.newUser();
        try (TestSocket socket = stack.connect(cutOff, login)) {
            socket.send(Map.of("type", "ping"));
            socket.next("pong"); // the hub finished opening the socket
            link.cut();
            try {
                socket.send(Map.of("type", "chat_message", "content", "anyone?", "id", "o-1"));
                JsonNode error = socket.next(Duration.ofSeconds(30));
                assertEquals("error", error.get("type").asText());
                assertEquals("Service temporarily unavailable", error.get("message").asText());
            } finally {
                restore();
            }
            socket.send(Map.of("type", "ping"));
            assertEquals("pong", socket.next().get("type").asText());
        }
    }

    @Test
    void socketOpenedDuringAnOutageIsClosedWith1013() {
        Login login = stack.newUser();
        link.cut();
        try (TestSocket socket = TestSocket.connect(stack.connectUri(cutOff, login))) {
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(30));
            assertEquals(1013, closed.code());
            assertEquals("Service temporarily unavailable", closed.reason());
        } finally {
            restore();
        }
    }

    /** Restores the link and waits until the hub talks to Redis again, so the next test starts clean. */
    private static void restore() {
        link.restore();
        HubStack.await(Duration.ofSeconds(30), () -> stack.http(cutOff).get("/health", null).status() == 200,
                "hub reconnected to Redis");
    }
}
