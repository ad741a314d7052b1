package dev.gateway.edge.cors;

import dev.gateway.edge.TestEdges;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS from ALLOW_ORIGINS, ALLOW_METHODS and ALLOW_HEADERS, preflight included. */
class CorsTest {
    private static final String ALLOWED = "https://app.example.com";
    private static GatewayStack stack;
    private static StubBackend stub;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        stub = StubBackend.start();
        stack = TestEdges.stack(TestRedis.shared(), Map.of("ALLOW_ORIGINS", ALLOWED + ",https://admin.example.com",
                "ALLOW_METHODS", "GET,POST", "ALLOW_HEADERS", "Authorization,Content-Type"));
        http = new TestHttp(GatewayStack.http(TestEdges.startEdge(stack, "edge-1", stub)));
    }

    @AfterAll
    static void stop() {
        stack.close();
        stub.close();
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredAtTheEdge() {
        int before = stub.requests().size();
        Response response = http.send(preflight(ALLOWED));
        assertEquals(204, response.status());
        assertEquals(ALLOWED, response.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST", response.header("Access-Control-Allow-Methods"));
        assertEquals("Authorization, Content-Type", response.header("Access-Control-Allow-Headers"));
        assertEquals(before, stub.requests().size());
    }

    @Test
    void preflightFromAnotherOriginIs403WithoutCorsHeaders() {
        Response response = http.send(preflight("https://evil.example.com"));
        assertEquals(403, response.status());
        assertNull(response.header("Access-Control-Allow-Origin"));
    }

    @Test
    void answersToAnAllowedOriginCarryCorsHeadersErrorsIncluded() {
        Response ok = http.send(http.request("/sessions/login", null).header("Origin", ALLOWED)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(200, ok.status());
        assertEquals(ALLOWED, ok.header("Access-Control-Allow-Origin"));
        assertTrue(ok.header("Access-Control-Expose-Headers").contains("X-Request-ID"));
        Response unauthorized = http.send(http.request("/sessions/create", null).header("Origin", ALLOWED)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, unauthorized.status());
        assertEquals(ALLOWED, unauthorized.header("Access-Control-Allow-Origin"));
    }

    @Test
    void answersToAnotherOriginCarryNoCorsHeaders() {
        Response response = http.send(http.request("/health/live", null).header("Origin", "https://evil.example.com").GET());
        assertEquals(200, response.status());
        assertNull(response.header("Access-Control-Allow-Origin"));
    }

    private static HttpRequest.Builder preflight(String origin) {
        return http.request("/sessions/create", null)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    }
}
