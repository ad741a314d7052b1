package dev.gateway.edge.websocket;

import dev.gateway.common.server.RunningService;
import dev.gateway.edge.Main;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.TestTokens;
import dev.gateway.edge.stub.AbruptHub;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.edge.stub.StubSocket;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge's WebSocket proxy against a stub hub: token check, frames, and close codes both ways. */
class WebSocketProxyTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private StubBackend hub;
    private GatewayStack stack;
    private TestTokens tokens;
    private RunningService edge;

    @BeforeEach
    void start() {
        hub = StubBackend.start();
        stack = TestEdges.stack(TestRedis.shared(), Map.of());
        edge = TestEdges.startEdge(stack, "edge-1", hub);
        tokens = TestTokens.of(stack);
    }

    @AfterEach
    void stop() {
        stack.close();
        tokens.close();
        hub.close();
    }

    @Test
    void badTokenIsClosedWith1008AtTheEdgeWithoutAHubLeg() throws Exception {
        ClientSocket client = ClientSocket.connect(uri("s1", "not-a-jwt"));
        assertEquals(1008, client.awaitCloseCode(Duration.ofSeconds(5)));
        assertEquals("Invalid token", client.closeReason());
        assertTrue(hub.sockets().isEmpty());
    }

    @Test
    void revokedTokenIsClosedWith1008AtTheEdge() throws Exception {
        TestTokens.Issued issued = tokens.issue("carol", "user");
        tokens.endSession(issued.sessionId());
        ClientSocket client = ClientSocket.connect(uri(issued.sessionId(), issued.token()));
        assertEquals(1008, client.awaitCloseCode(Duration.ofSeconds(5)));
        assertTrue(hub.sockets().isEmpty());
    }

    @Test
    void framesPassBothWays() throws Exception {
        ClientSocket client = connected("s1");
        client.send("hello");
        assertEquals("echo:hello", client.next());
    }

    @Test
    void backendCloseCodeAndReasonReachTheClient() throws Exception {
        ClientSocket client = ClientSocket.connect(uri("close-4401", token()));
        assertEquals(4401, client.awaitCloseCode(Duration.ofSeconds(5)));
        assertEquals("Backend says 4401", client.closeReason());
    }

    @Test
    void hubDrainReachesTheClientAs1001() throws Exception {
        ClientSocket client = connected("s1");
        hub.sockets().getFirst().close(1001, "Going away");
        assertEquals(1001, client.awaitCloseCode(ONE_SECOND));
        assertEquals("Going away", client.closeReason());
    }

    @Test
    void clientCloseCodeReachesTheHub() throws Exception {
        ClientSocket client = connected("s1");
        client.close(4000, "bye");
        assertEquals(4000, hub.sockets().getFirst().awaitClose(1));
    }

    @Test
    void clientThatDisappearsClosesTheHubLegWithinASecond() throws Exception {
        ClientSocket client = connected("s1");
        StubSocket backend = hub.sockets().getFirst();
        client.drop();
        backend.awaitClose(1);
        assertTrue(backend.isClosed());
    }

    @Test
    void hubThatDisappearsClosesTheClientWith1001WithinASecond() throws Exception {
        try (AbruptHub crashing = new AbruptHub()) {
            RunningService otherEdge = stack.start("edge-2", "DEFAULT_PORT", Main::start, Map.of(
                    "AUTH_SERVICE_URLS", hub.url().toString(), "SESSION_SERVICE_URLS", hub.url().toString(),
                    "WS_HUB_URLS", crashing.url()));
            ClientSocket client = ClientSocket.connect(
                    GatewayStack.ws(otherEdge, "/ws/connect?session_id=s1&token=" + token()));
            crashing.crash();
            assertEquals(1001, client.awaitCloseCode(ONE_SECOND));
        }
    }

    @Test
    void messageOverTheLimitClosesWith1009AndEndsTheHubLeg() throws Exception {
        RunningService small = TestEdges.startEdge(stack, "edge-small", hub, Map.of("WS_MAX_MESSAGE_BYTES", "1024"));
        ClientSocket client = ClientSocket.connect(GatewayStack.ws(small, "/ws/connect?session_id=s1&token=" + token()));
        client.send("ready?");
        assertEquals("echo:ready?", client.next());
        StubSocket backend = hub.sockets().getLast();
        client.send("x".repeat(2000));
        assertEquals(1009, client.awaitCloseCode(Duration.ofSeconds(5)));
        backend.awaitClose(1);
    }

    private ClientSocket connected(String sessionId) throws Exception {
        ClientSocket client = ClientSocket.connect(uri(sessionId, token()));
        client.send("ready?");
        assertEquals("echo:ready?", client.next());
        return client;
    }

    private String token() {
        return tokens.issue("dave", "user").token();
    }

    private URI uri(String sessionId, String token) {
        return GatewayStack.ws(edge, "/ws/connect?session_id=" + sessionId + "&token=" + token);
    }
}
