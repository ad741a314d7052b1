package dev.gateway.hub;

import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Draining for shutdown: unready, no new sockets, open ones closed with 1001 spread over the window. */
class DrainTest {
    private static final int SOCKETS = 4;
    private static HubStack stack;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 1, Map.of("WS_DRAIN_SECONDS", "1"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void drainTurnsUnreadyRefusesNewSocketsAndClosesOpenOnesWith1001OverTheWindow() throws Exception {
        Login login = stack.newUser();
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            sockets.add(stack.connect(1, login));
        }
        assertEquals(200, stack.http(1).get("/health/ready", null).status());
        long started = System.nanoTime();
        Thread drain = Thread.ofVirtual().start(stack.hub(1)::drain);

        List<Long> closedAfterMillis = new ArrayList<>();
        List<TestSocket> open = new ArrayList<>(sockets);
        while (!open.isEmpty() && System.nanoTime() - started < 5_000_000_000L) {
            for (TestSocket socket : List.copyOf(open)) {
                if (socket.isClosed()) {
                    closedAfterMillis.add((System.nanoTime() - started) / 1_000_000);
                    open.remove(socket);
                }
            }
            Thread.sleep(5);
        }
        for (TestSocket socket : sockets) {
            TestSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(1));
            assertEquals(1001, closed.code());
            assertEquals("Going away", closed.reason());
        }
        drain.join(5000);
        long spread = closedAfterMillis.get(SOCKETS - 1) - closedAfterMillis.get(0);
        assertTrue(spread >= 500, "closes spread over " + spread + " ms: " + closedAfterMillis);

        assertEquals(503, stack.http(1).get("/health/ready", null).status());
        CompletionException refused = assertThrows(CompletionException.class,
                () -> TestSocket.connect(stack.connectUri(1, login)));
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(503, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        assertEquals(0, stack.activeConnections(1));
        sockets.forEach(TestSocket::close);
    }
}
