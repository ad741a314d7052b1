package dev.gateway.edge.limits;

import dev.gateway.common.server.RunningService;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.TestTokens;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.edge.websocket.ClientSocket;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits shared by two edges through their own Redis, and what the edge does when that Redis goes away. */
class RateLimitTest {
    private TestRedis redis;
    private StubBackend stub;
    private GatewayStack stack;
    private TestHttp edgeOne;
    private TestHttp edgeTwo;

    @BeforeEach
    void start() {
        redis = TestRedis.start();
        stub = StubBackend.start();
        stack = GatewayStack.on(redis, Map.of("RATE_LIMIT_LOGIN_PER_IP", "3", "RATE_LIMIT_API_PER_USER", "4",
                "RATE_LIMIT_WINDOW_SECONDS", "60"));
        edgeOne = new TestHttp(GatewayStack.http(startEdge("edge-1")));
        edgeTwo = new TestHttp(GatewayStack.http(startEdge("edge-2")));
    }

    @AfterEach
    void stop() {
        stack.close();
        stub.close();
        redis.close();
    }

    @Test
    void loginIsLimitedPerClientIpAcrossTwoEdges() {
        assertEquals(200, edgeOne.post("/sessions/login", Map.of(), null).status());
        assertEquals(200, edgeTwo.post("/sessions/login", Map.of(), null).status());
        assertEquals(200, edgeOne.post("/sessions/login", Map.of(), null).status());
        int before = stub.requests().size();
        Response limited = edgeTwo.post("/sessions/login", Map.of(), null);
        assertEquals(429, limited.status());
        assertEquals(429, limited.json().get("status_code").asInt());
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, limited.header("Retry-After"));
        assertEquals("3", limited.header("RateLimit-Limit"));
        assertEquals("0", limited.header("RateLimit-Remaining"));
        assertEquals(limited.header("Retry-After"), limited.header("RateLimit-Reset"));
        assertEquals(before, stub.requests().size());
        assertTrue(edgeTwo.get("/metrics", null).text().contains("gateway_edge_rate_limited_total{class=\"login\"} 1"));
    }

    @Test
    void aLargeBudgetHoldsAcrossTwoEdgesWithinTheBatchingSlack() {
        Map<String, String> settings = Map.of("RATE_LIMIT_API_PER_IP", "100", "RATE_LIMIT_API_PER_USER", "1000000");
        TestHttp one = new TestHttp(GatewayStack.http(TestEdges.startEdge(stack, "edge-big-1", stub, settings)));
        TestHttp two = new TestHttp(GatewayStack.http(TestEdges.startEdge(stack, "edge-big-2", stub, settings)));
        int admitted = 0;
        try (TestTokens tokens = TestTokens.of(stack)) {
            String token = tokens.issue("dora", "user").token();
            for (int i = 0; i < 160; i++) {
                TestHttp edge = i % 2 == 0 ? one : two;
                if (edge.get("/sessions/abc", token).status() != 429) {
                    admitted++;
                }
            }
        }
        // each edge may admit up to 5 % of the budget between its syncs with Redis, never more
        assertTrue(admitted >= 100 && admitted <= 110, "admitted " + admitted + " of a budget of 100");
    }

    @Test
    void apiIsLimitedPerUserAcrossTwoEdges() {
        try (TestTokens tokens = TestTokens.of(stack)) {
            String alice = tokens.issue("alice", "user").token();
            String bob = tokens.issue("bob", "user").token();
            for (TestHttp edge : new TestHttp[] {edgeOne, edgeTwo, edgeOne, edgeTwo}) {
                assertEquals(200, edge.get("/sessions/abc", alice).status());
            }
            assertEquals(429, edgeOne.get("/sessions/abc", alice).status());
            assertEquals(200, edgeTwo.get("/sessions/abc", bob).status());
        }
    }

    @Test
    void successfulResponsesShowTheRemainingBudget() {
        Response first = edgeOne.post("/sessions/login", Map.of(), null);
        assertEquals("3", first.header("RateLimit-Limit"));
        assertEquals("2", first.header("RateLimit-Remaining"));
        assertTrue(Long.parseLong(first.header("RateLimit-Reset")) <= 60);
    }

    @Test
    void webSocketUpgradesSpendTheClientsBudgetAndAreClosedWith1013WhenItIsGone() throws Exception {
        RunningService edge = TestEdges.startEdge(stack, "edge-3", stub, Map.of("RATE_LIMIT_API_PER_IP", "2"));
        for (int i = 0; i < 2; i++) {
            ClientSocket admitted = ClientSocket.connect(GatewayStack.ws(edge, "/ws/connect?session_id=s&token=bad"));
            assertEquals(1008, admitted.awaitCloseCode(Duration.ofSeconds(5)));
        }
        ClientSocket limited = ClientSocket.connect(GatewayStack.ws(edge, "/ws/connect?session_id=s&token=bad"));
        assertEquals(1013, limited.awaitCloseCode(Duration.ofSeconds(5)));
        assertEquals("Rate limited", limited.closeReason());
    }

    @Test
    void healthIsNeverLimited() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, edgeOne.get("/health/live", null).status());
        }
    }

    @Test
    void withRedisGoneEachEdgeStillEnforcesTheLimitLocally() {
        redis.close();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, edgeOne.post("/sessions/login", Map.of(), null).status());
        }
        Response limited = edgeOne.post("/sessions/login", Map.of(), null);
        assertEquals(429, limited.status());
        assertEquals("3", limited.header("RateLimit-Limit"));
    }

    @Test
    void behindATrustedProxyTheForwardedClientAddressIsLimited() {
        TestHttp behindProxy = new TestHttp(GatewayStack.http(
                TestEdges.startEdge(stack, "edge-3", stub, Map.of("TRUSTED_PROXIES", "127.0.0.0/8"))));
        for (int i = 0; i < 3; i++) {
            Response response = loginFrom(behindProxy, "203.0.113.5");
            assertEquals(200, response.status());
            // upstreams see the client the edge resolved as the last entry: auth-service's lockout counts that one
            assertEquals("203.0.113.5", response.json().at("/headers/x-forwarded-for").asText());
        }
        assertEquals(429, loginFrom(behindProxy, "203.0.113.5").status());
        assertEquals(200, loginFrom(behindProxy, "203.0.113.6").status());
    }

    @Test
    void protectedRequestsWhileRedisIsGoneAre503AndTheNextOnesFailFast() {
        String token;
        try (TestTokens tokens = TestTokens.of(stack)) {
            token = tokens.issue("carol", "user").token();
        }
        redis.close();
        // Redisson gives up only after its timeout and retries (about 6 s here), hence the long client timeout
        Response first = edgeOne.send(edgeOne.request("/sessions/abc", token).timeout(Duration.ofSeconds(60)).GET());
        assertEquals(503, first.status(), first.text());
        assertEquals(503, first.json().get("status_code").asInt());
        long started = System.nanoTime();
        assertEquals(503, edgeOne.get("/sessions/abc", token).status());
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "the second request waited for Redis again");
    }

    private static Response loginFrom(TestHttp edge, String client) {
        return edge.send(edge.request("/sessions/login", null).header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private RunningService startEdge(String id) {
        return TestEdges.startEdge(stack, id, stub);
    }
}
