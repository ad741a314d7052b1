package dev.gateway.edge.limits;

import dev.gateway.common.server.RunningService;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.TestTokens;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    void protectedRequestWhileRedisIsGoneIs503() {
        String token;
        try (TestTokens tokens = TestTokens.of(stack)) {
            token = tokens.issue("carol", "user").token();
        }
        redis.close();
        // Redisson gives up only after its timeout and retries (about 6 s here), hence the long client timeout
        Response response = edgeOne.send(edgeOne.request("/sessions/abc", token).timeout(Duration.ofSeconds(60)).GET());
        assertEquals(503, response.status(), response.text());
        assertEquals(503, response.json().get("status_code").asInt());
    }

    private RunningService startEdge(String id) {
        return TestEdges.startEdge(stack, id, stub);
    }
}
