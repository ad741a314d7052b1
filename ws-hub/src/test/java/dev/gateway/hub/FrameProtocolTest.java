package dev.gateway.hub;

import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.RawWebSocket.Frame;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 6455 at the frame level, with a client that writes frames by hand: 1002, 1007, 1009 and control pings. */
class FrameProtocolTest {
    private static final int LIMIT = 4096;
    private static HubStack stack;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 1, Map.of("WS_MAX_MESSAGE_BYTES", Integer.toString(LIMIT)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void controlPingIsAnsweredWithTheSamePayload() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);
            socket.frame(RawWebSocket.PING, payload);
            Frame pong = socket.read();
            assertEquals(RawWebSocket.PONG, pong.opcode());
            assertArrayEquals(payload, pong.payload());
        }
    }

    @Test
    void controlFrameOver125BytesCloses1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(RawWebSocket.PING, new byte[126]);
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void fragmentedControlFrameCloses1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(0x00, RawWebSocket.PING, new byte[] {1, 2});
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void reservedBitsClose1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(0x80 | 0x40, RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void unknownOpcodeCloses1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(0x3, new byte[0]);
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void continuationWithoutAStartCloses1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(RawWebSocket.CONTINUATION, "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void invalidUtf8TextCloses1007() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            Frame close = socket.awaitClose();
            assertEquals(1007, close.closeCode());
            assertEquals("Invalid UTF-8", close.closeReason());
        }
    }

    @Test
    void utf8SplitAcrossFragmentsIsAccepted() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            byte[] message = "{\"type\":\"chat_message\",\"content\":\"h\u00e9llo\",\"id\":\"f-1\"}".getBytes(StandardCharsets.UTF_8);
            int split = indexOf(message, (byte) 0xC3) + 1;
            socket.frame(0x00, RawWebSocket.TEXT, Arrays.copyOfRange(message, 0, split));
            socket.frame(RawWebSocket.CONTINUATION, Arrays.copyOfRange(message, split, message.length));
            assertEquals("f-1", socket.next().get("id").asText());
        }
    }

    @Test
    void frameAnnouncingMoreThanTheLimitCloses1009BeforeItsPayloadIsSent() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.announce(RawWebSocket.TEXT, 1L << 40);
            assertEquals(1009, socket.awaitClose().closeCode());
        }
    }

    @Test
    void fragmentsAddingUpToMoreThanTheLimitClose1009() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            byte[] half = new byte[LIMIT / 2 + 1];
            Arrays.fill(half, (byte) 'a');
            socket.frame(0x00, RawWebSocket.TEXT, half);
            socket.frame(0x00, RawWebSocket.CONTINUATION, half);
            assertEquals(1009, socket.awaitClose().closeCode());
        }
    }

    @Test
    void unmaskedFrameCloses1002() {
        Login login = stack.newUser();
        try (RawWebSocket socket = stack.connectRaw(1, login)) {
            socket.unmasked(RawWebSocket.TEXT, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    @Test
    void clientCloseIsEchoedAndTheSocketReleased() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            int before = stack.activeConnections(1);
            socket.frame(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
            assertEquals(1000, socket.awaitClose().closeCode());
            HubStack.await(java.time.Duration.ofSeconds(5), () -> stack.activeConnections(1) == before - 1, "released");
        }
    }

    @Test
    void closeWithAnInvalidCodeCloses1002() {
        try (RawWebSocket socket = stack.connectRaw(1, stack.newUser())) {
            socket.frame(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xED});
            assertEquals(1002, socket.awaitClose().closeCode());
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
