package dev.gateway.hub;

import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.RawWebSocket.Frame;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading fills only its own bounded send queue, and is then closed with 1013. */
class SlowConsumerTest {
    private static final String DROPS = "gateway_ws_send_queue_drops_total 1";
    private static HubStack stack;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 1, Map.of("WS_SEND_QUEUE_MESSAGES", "4"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void clientThatDoesNotReadIsClosedWith1013AndOthersAreUnaffected() {
        Login slow = stack.newUser();
        String chunk = "x".repeat(100_000);
        try (RawWebSocket reader = stack.connectRaw(1, slow); TestSocket admin = stack.connect(1, stack.adminLogin());
             TestSocket bystander = stack.connect(1, stack.newUser())) {
            for (int i = 0; i < 400 && !metrics().contains(DROPS); i++) {
                admin.send(Map.of("type", "admin_command", "command", "broadcast", "message", chunk,
                        "user_id", slow.user()));
                admin.next("admin_response");
            }
            assertTrue(metrics().contains(DROPS), "the slow socket's queue never overflowed");

            Frame close = reader.awaitClose(Duration.ofSeconds(10));
            assertEquals(1013, close.closeCode());
            assertEquals("Client too slow", close.closeReason());
            HubStack.await(Duration.ofSeconds(5), () -> stack.activeConnections(1) == 2, "slow socket released");

            bystander.send(Map.of("type", "ping"));
            assertEquals("pong", bystander.next().get("type").asText());
        }
    }

    private static String metrics() {
        return stack.http(1).get("/metrics", null).text();
    }
}
