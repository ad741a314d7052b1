package dev.gateway.edge.websocket;

import dev.gateway.common.server.RunningService;
import dev.gateway.edge.StubbedStack;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.stub.StubSocket;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.RawWebSocket;
import dev.gateway.testing.RawWebSocket.Frame;
import dev.gateway.testing.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RFC 6455 on the edge's client sockets, as the hub enforces it: a malformed frame on {@code /ws/connect} or on a
 * dynamic route's socket closes the client with 1002 or 1007 and ends the upstream leg.
 */
class EdgeFrameProtocolTest {
    private static StubbedStack fixture;
    private static RunningService edge;
    private static String user;
    private static String socketRoute;

    @BeforeAll
    static void start() {
        fixture = StubbedStack.start(Map.of());
        edge = TestEdges.startEdge(fixture.stack(), "edge-1", fixture.stub());
        user = fixture.tokens().issue("erin", "user").token();
        socketRoute = registerSocketRoute(fixture.tokens().issue("root", "admin").token());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void unknownOpcodeCloses1002AndTheHubLeg() throws Exception {
        assertClosed(hubSocket(), socket -> socket.frame(0x3, new byte[0]), 1002, "Unknown opcode 3");
    }

    @Test
    void unknownControlOpcodeCloses1002AndTheHubLeg() throws Exception {
        assertClosed(hubSocket(), socket -> socket.frame(0xB, new byte[0]), 1002, "Unknown opcode 11");
    }

    @Test
    void fragmentedControlPingCloses1002AndTheHubLeg() throws Exception {
        assertClosed(hubSocket(), EdgeFrameProtocolTest::fragmentedPing, 1002, "Fragmented control frame");
    }

    @Test
    void pingOver125BytesCloses1002AndTheHubLeg() throws Exception {
        assertClosed(hubSocket(), EdgeFrameProtocolTest::longPing, 1002, "Control frame too long");
    }

    @Test
    void invalidUtf8TextCloses1007AndTheHubLeg() throws Exception {
        assertClosed(hubSocket(), EdgeFrameProtocolTest::invalidUtf8, 1007, "Invalid UTF-8");
    }

    @Test
    void unknownOpcodeOnARouteSocketCloses1002AndTheBackendLeg() throws Exception {
        assertClosed(routeSocket(), socket -> socket.frame(0x3, new byte[0]), 1002, "Unknown opcode 3");
    }

    @Test
    void fragmentedControlPingOnARouteSocketCloses1002AndTheBackendLeg() throws Exception {
        assertClosed(routeSocket(), EdgeFrameProtocolTest::fragmentedPing, 1002, "Fragmented control frame");
    }

    @Test
    void pingOver125BytesOnARouteSocketCloses1002AndTheBackendLeg() throws Exception {
        assertClosed(routeSocket(), EdgeFrameProtocolTest::longPing, 1002, "Control frame too long");
    }

    @Test
    void invalidUtf8TextOnARouteSocketCloses1007AndTheBackendLeg() throws Exception {
        assertClosed(routeSocket(), EdgeFrameProtocolTest::invalidUtf8, 1007, "Invalid UTF-8");
    }

    @Test
    void controlPingIsRelayedAndTheUpstreamsPongReturned() {
        try (RawWebSocket socket = connected(hubSocket())) {
            byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);
            socket.frame(RawWebSocket.PING, payload);
            Frame pong = socket.read();
            assertEquals(RawWebSocket.PONG, pong.opcode());
            assertEquals("are you there?", pong.text());
        }
    }

    /** Sends {@code badFrame} on a socket whose upstream leg is open, and checks both legs close. */
    private static void assertClosed(URI uri, Consumer<RawWebSocket> badFrame, int code, String reason) throws Exception {
        try (RawWebSocket socket = connected(uri)) {
            StubSocket upstreamLeg = fixture.stub().sockets().getLast();
            badFrame.accept(socket);
            Frame close = socket.awaitClose();
            assertEquals(code, close.closeCode());
            assertEquals(reason, close.closeReason());
            upstreamLeg.awaitClose(5);
        }
    }

    /** A socket whose upstream leg is open: a text message has made the round trip. */
    private static RawWebSocket connected(URI uri) {
        RawWebSocket socket = RawWebSocket.connect(uri);
        socket.text("ready?");
        assertEquals("echo:ready?", socket.read().text());
        return socket;
    }

    private static void fragmentedPing(RawWebSocket socket) {
        socket.frame(0x00, RawWebSocket.PING, new byte[] {1, 2});
    }

    private static void longPing(RawWebSocket socket) {
        socket.frame(RawWebSocket.PING, new byte[126]);
    }

    private static void invalidUtf8(RawWebSocket socket) {
        socket.frame(RawWebSocket.TEXT, new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD});
    }

    private static URI hubSocket() {
        return GatewayStack.ws(edge, "/ws/connect?session_id=s1&token=" + user);
    }

    private static URI routeSocket() {
        return GatewayStack.ws(edge, "/api/proxy/" + socketRoute + "?token=" + user);
    }

    private static String registerSocketRoute(String admin) {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(GatewayStack.http(edge));
        TestHttp.Response registered = http.post("/api/register", Map.of("name", name, "base_url", fixture.stub().url().toString(),
                "path", "/socket", "method", "ANY", "require_auth", true, "ws_supported", true), admin);
        assertEquals(200, registered.status(), registered.text());
        return name;
    }
}
