package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.RawWebSocket.Frame;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server pings, the pong timeout and the inactivity timeout, with timers of one second. */
class LivenessTest {
    private static HubStack stack;
    private static int pinging;
    private static int strict;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 0);
        pinging = stack.addHub(Map.of("WEBSOCKETS_PING_INTERVAL", "1", "WEBSOCKETS_PONG_TIMEOUT", "1"));
        strict = stack.addHub(Map.of("WEBSOCKETS_INACTIVITY_TIMEOUT", "1"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void serverSendsJsonPingsEveryInterval() {
        try (TestSocket socket = stack.connect(pinging, stack.newUser())) {
            for (int i = 0; i < 2; i++) {
                JsonNode ping = socket.next();
                assertEquals("ping", ping.get("type").asText());
                assertTrue(ping.get("timestamp").isNumber());
                socket.send(Map.of("type", "pong"));
            }
        }
    }

    @Test
    void unansweredPingsCloseWith1008PongTimeout() {
        try (TestSocket socket = stack.connect(pinging, stack.newUser())) {
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(5));
            assertEquals(1008, closed.code());
            assertEquals("Pong timeout", closed.reason());
        }
    }

    @Test
    void answeredPingsKeepTheSocketOpen() {
        try (TestSocket socket = stack.connect(pinging, stack.newUser())) {
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                assertEquals("ping", socket.next().get("type").asText());
                socket.send(Map.of("type", "pong"));
            }
            socket.send(Map.of("type", "ping"));
            assertEquals("pong", socket.next("pong").get("type").asText());
        }
    }

    @Test
    void controlPingsCountAsAnswers() {
        try (RawWebSocket socket = stack.connectRaw(pinging, stack.newUser())) {
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                socket.frame(RawWebSocket.PING, new byte[] {7});
                sleep(300);
            }
            socket.text("{\"type\":\"ping\"}");
            Frame frame;
            do {
                frame = socket.read();
                assertTrue(frame.opcode() != RawWebSocket.CLOSE, "closed: " + frame.closeReason());
            } while (!(frame.opcode() == RawWebSocket.TEXT && frame.text().contains("\"pong\"")));
        }
    }

    @Test
    void silentClientIsClosedWith1008InactivityTimeout() {
        try (TestSocket socket = stack.connect(strict, stack.newUser())) {
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(5));
            assertEquals(1008, closed.code());
            assertEquals("Inactivity timeout", closed.reason());
        }
    }

    @Test
    void clientMessagesDeferTheInactivityTimeout() {
        try (TestSocket socket = stack.connect(strict, stack.newUser())) {
            for (int i = 0; i < 6; i++) {
                sleep(400);
                socket.send(Map.of("type", "ping"));
                assertEquals("pong", socket.next().get("type").asText());
            }
        }
    }

    @Test
    void socketWhoseSessionVanishedWithoutAnEventIsClosedWith1000() {
        HubStack.Login login = stack.newUser();
        try (TestSocket socket = stack.connect(pinging, login)) {
            // As when the session expires in Redis: no session_ended event is published.
            TestRedis.shared().command("DEL", "sessions:{" + login.sessionId() + "}");
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(5));
            assertEquals(1000, closed.code());
            assertEquals("Session expired", closed.reason());
        }
    }

    @Test
    void clientMessagesExtendTheSessionsLife() {
        HubStack.Login login = stack.newUser();
        String key = "sessions:{" + login.sessionId() + "}";
        TestRedis.shared().command("PEXPIRE", key, "600000");
        try (TestSocket socket = stack.connect(strict, login)) {
            socket.send(Map.of("type", "ping"));
            socket.next("pong");
            HubStack.await(Duration.ofSeconds(5),
                    () -> Long.parseLong(TestRedis.shared().command("PTTL", key).substring(1)) > 600_000,
                    "session life extended");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
