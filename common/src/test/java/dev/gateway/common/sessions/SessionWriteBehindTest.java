package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.gateway.common.config.Settings.RedisMode;
import dev.gateway.common.config.Settings.RedisSettings;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.metrics.Metrics;
import dev.gateway.common.redis.RedisClients;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-behind batcher against a real Redis that it may stop and restart. */
class SessionWriteBehindTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TestRedis redis;
    private RedissonClient client;
    private SessionStore store;
    private SessionWriteBehind writeBehind;
    private final Metrics metrics = new Metrics();

    private void start(int queueLimit) {
        redis = TestRedis.startLocal();
        client = RedisClients.create(new RedisSettings(redis.url(), RedisMode.SINGLE, Optional.empty(), List.of()));
        store = new SessionStore(client, TIMEOUT, Clock.systemUTC());
        writeBehind = new SessionWriteBehind(store, client, Duration.ofMillis(100), queueLimit, TIMEOUT, metrics);
    }

    @AfterEach
    void stop() {
        writeBehind.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aRedisRestartInTheMiddleOfABurstLosesNoAcknowledgedUpdate() throws Exception {
        start(100_000);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> writers = java.util.stream.IntStream.range(0, 4).mapToObj(writer -> Thread.ofVirtual().start(() -> {
            for (int i = 0; running.get(); i++) {
                String key = "w" + writer + "-" + i;
                try {
                    if (writeBehind.updateAndWait(sessionId, "alice", Map.of(key, IntNode.valueOf(i)), null)) {
                        acknowledged.add(key);
                    }
                } catch (ApiException notStored) {
                    // not acknowledged, so it may be lost
                }
            }
        })).toList();
        awaitAcknowledged(acknowledged, 200);
        redis.restart();
        int beforeRestartDone = acknowledged.size();
        awaitAcknowledged(acknowledged, beforeRestartDone + 200);
        running.set(false);
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(30));
        }

        Map<String, JsonNode> data = store.find(sessionId).orElseThrow().data();
        Set<String> lost = new java.util.TreeSet<>(acknowledged);
        lost.removeAll(data.keySet());
        assertEquals(Set.of(), lost, "acknowledged but not stored");
        assertTrue(writeBehind.stats().failedRounds() > 0, "the restart should have failed at least one round");
    }

    @Test
    void concurrentUpdatesOfOneSessionShareRounds() {
        start(100_000);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        List<CompletableFuture<Boolean>> stored = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> writeBehind.update(sessionId, "alice", Map.of("k" + i, IntNode.valueOf(i)), null))
                .toList();
        stored.forEach(future -> assertTrue(future.join()));

        assertEquals(200, store.find(sessionId).orElseThrow().data().size() - 2);
        WriteBehindStats stats = writeBehind.stats();
        assertEquals(200, stats.updatesReceived());
        assertTrue(stats.rounds() < 200 && stats.updatesMerged() > 0, "updates were not merged: " + stats);
        assertEquals(0, stats.queueDepth());
        assertTrue(metrics.render().contains("gateway_session_write_rounds_total " + stats.rounds()));
    }

    @Test
    void laterUpdateOfAKeyWins() {
        start(100_000);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        List<CompletableFuture<Boolean>> stored = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> writeBehind.update(sessionId, "alice", Map.of("api_key", IntNode.valueOf(i)), null))
                .toList();
        stored.forEach(CompletableFuture::join);

        assertEquals(49, store.find(sessionId).orElseThrow().data().get("api_key").asInt());
    }

    @Test
    void anUpdateNeverResurrectsAnEndedSession() {
        start(100_000);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        store.delete(sessionId);

        assertFalse(writeBehind.updateAndWait(sessionId, "alice", Map.of("theme", IntNode.valueOf(1)), null));
        assertTrue(store.find(sessionId).isEmpty());
        assertEquals("0", redis.command("EXISTS", SessionStore.sessionKey(sessionId)).substring(1));
    }

    @Test
    void anUpdateNeverLandsInASessionOfTheSameIdThatSomeoneElseCreatedSince() {
        start(100_000);
        String sessionId = store.create("alice", null, "shared-id").orElseThrow().sessionId();
        store.delete(sessionId);
        store.create("mallory", null, sessionId).orElseThrow();

        assertFalse(writeBehind.updateAndWait(sessionId, "alice", Map.of("theme", IntNode.valueOf(1)), null));
        assertFalse(store.find(sessionId).orElseThrow().data().containsKey("theme"));
        assertTrue(writeBehind.updateAndWait(sessionId, "mallory", Map.of("theme", IntNode.valueOf(2)), null));
        assertEquals(2, store.find(sessionId).orElseThrow().data().get("theme").asInt());
    }

    @Test
    void aFullQueueAnswers503AndTheQueuedUpdatesLandOnceRedisIsBack() throws Exception {
        start(2);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        redis.command("CLIENT", "PAUSE", "30000", "WRITE");
        CompletableFuture<Boolean> first = writeBehind.update(sessionId, "alice", Map.of("a", IntNode.valueOf(1)), null);
        CompletableFuture<Boolean> second = writeBehind.update(sessionId, "alice", Map.of("b", IntNode.valueOf(2)), null);

        ApiException full = assertThrows(ApiException.class,
                () -> writeBehind.update(sessionId, "alice", Map.of("c", IntNode.valueOf(3)), null));
        assertEquals(503, full.status());
        redis.command("CLIENT", "UNPAUSE");
        assertTrue(first.get(10, TimeUnit.SECONDS));
        assertTrue(second.get(10, TimeUnit.SECONDS));
        assertEquals(Set.of("conversation", "api_key", "a", "b"), store.find(sessionId).orElseThrow().data().keySet());
    }

    @Test
    void closingFlushesQueuedUpdates() throws Exception {
        start(100_000);
        String sessionId = store.create("alice", null, null).orElseThrow().sessionId();
        CompletableFuture<Boolean> stored = writeBehind.update(sessionId, "alice", Map.of("late", IntNode.valueOf(1)), null);
        writeBehind.close();

        assertTrue(stored.get(1, TimeUnit.SECONDS));
        assertEquals(1, store.find(sessionId).orElseThrow().data().get("late").asInt());
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " updates acknowledged");
            }
            Thread.sleep(10);
        }
    }
}
