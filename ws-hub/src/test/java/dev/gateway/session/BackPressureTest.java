package dev.gateway.session;

import dev.gateway.session.SessionStack.Login;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A full write queue turns callers away (BATCH_QUEUE_MAX_UPDATES=1 here), and what it held is stored once
 * Redis answers again. Redis of its own, since the test pauses its writes.
 */
class BackPressureTest {
    private static TestRedis redis;
    private static SessionStack stack;

    @BeforeAll
    static void start() {
        redis = TestRedis.startLocal();
        stack = SessionStack.start(redis, 1, 1, dev.gateway.hub.Main::start, Map.of("BATCH_QUEUE_MAX_UPDATES", "1"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.close();
    }

    @Test
    void aFullQueueAnswers503AndTheQueuedUpdateIsStoredLater() {
        Login alice = stack.user();
        CompletableFuture<Response> queued = pauseWritesAndQueueAnUpdate(alice);

        Response refused = stack.http(0).post("/sessions/update/" + alice.sessionId(), Map.of("data", Map.of("b", 2)), alice.token());

        assertEquals(503, refused.status());
        assertEquals(503, refused.json().get("status_code").asInt());
        assertEquals("1", refused.header("Retry-After"));
        redis.command("CLIENT", "UNPAUSE");
        assertEquals(200, queued.join().status());
        assertEquals(1, stack.http(0).get("/sessions/" + alice.sessionId(), alice.token()).json().at("/data/a").asInt());
    }

    @Test
    void aFullQueueClosesAnUpdatingSocketWith1013() {
        Login alice = stack.user();
        try (TestSocket socket = stack.socket(0, alice)) {
            redis.command("CLIENT", "PAUSE", "30000", "WRITE");
            socket.send(Map.of("type", "update_api_key", "key", "k1"));
            awaitQueueDepthOne(new TestHttp(GatewayStack.http(stack.hubs.get(0))));
            socket.send(Map.of("type", "update_api_key", "key", "k2"));

            assertEquals(1013, socket.awaitClose().code());
            redis.command("CLIENT", "UNPAUSE");
            Eventually.await(Duration.ofSeconds(15), () -> stack.store.find(alice.sessionId()).orElseThrow()
                    .data().get("api_key").asText().equals("k1"));
        }
    }

    /** Pauses Redis writes (until the test unpauses them) and sends an update that fills session-service's queue of one. */
    private static CompletableFuture<Response> pauseWritesAndQueueAnUpdate(Login login) {
        redis.command("CLIENT", "PAUSE", "30000", "WRITE");
        CompletableFuture<Response> queued = CompletableFuture.supplyAsync(() -> stack.http(0)
                .post("/sessions/update/" + login.sessionId(), Map.of("data", Map.of("a", 1)), login.token()));
        awaitQueueDepthOne(stack.http(0));
        return queued;
    }

    private static void awaitQueueDepthOne(TestHttp service) {
        Eventually.await(Duration.ofSeconds(15), () -> service.get("/metrics", null).text()
                .contains("gateway_session_write_queue_depth 1.0"));
    }
}
