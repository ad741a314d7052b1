package dev.gateway.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.server.RunningService;
import dev.gateway.edge.Main;
import dev.gateway.edge.TestEdges;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge's health endpoints over real services, one auth instance being down. */
class EdgeHealthTest {
    private static GatewayStack stack;
    private static TestHttp http;
    private static String deadAuth;

    @BeforeAll
    static void start() {
        stack = TestEdges.stack(TestRedis.shared(), Map.of());
        RunningService auth = stack.start("auth-1", "AUTH_PORT", dev.gateway.auth.Main::start);
        RunningService session = stack.start("session-1", "SESSION_PORT", dev.gateway.session.Main::start);
        RunningService hub = stack.start("hub-1", "WS_HUB_PORT", dev.gateway.hub.Main::start);
        deadAuth = TestEdges.deadUrl();
        RunningService edge = stack.start("edge-1", "DEFAULT_PORT", Main::start, Map.of(
                "AUTH_SERVICE_URLS", GatewayStack.urls(auth) + "," + deadAuth,
                "SESSION_SERVICE_URLS", GatewayStack.urls(session),
                "WS_HUB_URLS", GatewayStack.urls(hub)));
        http = new TestHttp(GatewayStack.http(edge));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void healthShowsADegradedServiceWithItsUnreachableInstance() {
        JsonNode health = http.get("/health", null).json();
        assertEquals("degraded", health.get("status").asText());
        assertEquals("degraded", health.at("/services/auth/status").asText());
        assertEquals("healthy", health.at("/services/session/status").asText());
        assertEquals("healthy", health.at("/services/ws_hub/status").asText());
        boolean deadListed = false;
        for (JsonNode instance : health.at("/services/auth/instances")) {
            deadListed |= instance.get("url").asText().equals(deadAuth) && instance.get("status").asText().equals("unreachable");
        }
        assertTrue(deadListed, health.toString());
    }

    @Test
    void liveAndReadyAreTheEdgesOwn() {
        assertEquals(200, http.get("/health/live", null).status());
        assertEquals(200, http.get("/health/ready", null).status());
    }

    @Test
    void connectionsListEveryHub() {
        JsonNode connections = http.get("/health/connections", null).json();
        assertEquals(0, connections.get("total_connections").asInt());
        assertEquals(0, connections.at("/hubs/hub-1/active_connections").asInt(), connections.toString());
    }
}
