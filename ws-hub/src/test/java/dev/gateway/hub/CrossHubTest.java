package dev.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.hub.HubStack.Login;
import dev.gateway.testing.TestRedis;
import dev.gateway.testing.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three hubs on one Redis: events reach the right sockets on every hub, once, and no other hub. */
class CrossHubTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static HubStack stack;
    private static RedissonClient observer;

    @BeforeAll
    static void start() {
        stack = HubStack.start(TestRedis.shared(), 3);
        observer = HubStack.observer(TestRedis.shared());
    }

    @AfterAll
    static void stop() {
        observer.shutdown();
        stack.close();
    }

    @Test
    void perUserEventReachesOnlyTheHubsHoldingTheUsersSockets() {
        Login login = stack.newUser();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        UserEvents events = new UserEvents(observer);
        for (String hub : List.of("hub-1", "hub-2", "hub-3")) {
            deliveries.put(hub, new AtomicInteger());
            // The observer's client is shut down after the class; unsubscribing a fresh listener trips Redisson.
            int before = events.subscribers(hub);
            events.subscribe(hub, event -> {
                if (event.userId().equals(login.user())) {
                    deliveries.get(hub).incrementAndGet();
                }
            });
            HubStack.await(Duration.ofSeconds(5), () -> events.subscribers(hub) > before, "observer of " + hub + " listening");
        }
        try (TestSocket first = stack.connect(1, login); TestSocket second = stack.connect(2, login);
             TestSocket third = stack.connect(2, login)) {
            update(login, Map.of("lang", "en"));
            for (TestSocket socket : List.of(first, second, third)) {
                assertEquals("en", socket.next("session_updated").at("/updates/lang").asText());
                assertNothingMoreThanAPong(socket);
            }
            // The update's publications were all written before its HTTP answer; hub-3 would get one no later.
            HubStack.await(ONE_SECOND, () -> deliveries.get("hub-1").get() >= 1 && deliveries.get("hub-2").get() >= 1,
                    "delivery to hub-1 and hub-2");
            assertEquals(1, deliveries.get("hub-1").get());
            assertEquals(1, deliveries.get("hub-2").get());
            assertEquals(0, deliveries.get("hub-3").get());
        }
    }

    @Test
    void aSocketOpenedOnAnotherHubGetsALoneSendersUpdatesWithinThreeSeconds() {
        Login login = stack.newUser();
        try (TestSocket sender = stack.connect(1, login)) {
            // alone, the sender's updates go nowhere, and its hub remembers that
            sender.send(Map.of("type", "update_api_key", "key", "alone"));
            assertEquals("ack", sender.next("ack").get("type").asText());
            try (TestSocket later = stack.connect(2, login)) {
                long start = System.nanoTime();
                JsonNode pushed = null;
                for (int i = 0; pushed == null && System.nanoTime() - start < 4_000_000_000L; i++) {
                    sender.send(Map.of("type", "update_api_key", "key", "k-" + i));
                    assertEquals("ack", sender.next("ack").get("type").asText());
                    try {
                        pushed = later.next(Duration.ofMillis(200));
                    } catch (AssertionError nothingYet) {
                        // the sender's hub has not seen the new socket yet
                    }
                }
                assertNotNull(pushed, "no session_updated on hub-2 within 4 s");
                assertEquals("session_updated", pushed.get("type").asText());
                // a second until the answer is stale, up to a second until the next round renews it, the next update
                assertTrue(System.nanoTime() - start <= 3_000_000_000L, "seen only after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        }
    }

    @Test
    void chatReachesTheUsersOtherSocketsOnEveryHubExactlyOnce() {
        Login login = stack.newUser();
        try (TestSocket sender = stack.connect(1, login); TestSocket sameHub = stack.connect(1, login);
             TestSocket otherHub = stack.connect(3, login)) {
            sender.send(Map.of("type", "chat_message", "content", "hi all", "id", "c-1"));
            assertEquals("c-1", sender.next().get("id").asText());
            for (TestSocket socket : List.of(sameHub, otherHub)) {
                JsonNode chat = socket.next();
                assertEquals("chat_message", chat.get("type").asText());
                assertEquals(login.user(), chat.get("from").asText());
                assertEquals("hi all", chat.get("content").asText());
                assertEquals("c-1", chat.get("id").asText());
                assertEquals(true, chat.get("timestamp").isNumber());
                assertNothingMoreThanAPong(socket);
            }
            assertNothingMoreThanAPong(sender);
        }
    }

    @Test
    void chatDoesNotReachOtherUsers() {
        Login alice = stack.newUser();
        Login bob = stack.newUser();
        try (TestSocket sender = stack.connect(1, alice); TestSocket other = stack.connect(2, bob)) {
            sender.send(Map.of("type", "chat_message", "content", "private", "id", "p-1"));
            sender.next("chat_ack");
            assertNothingMoreThanAPong(other);
        }
    }

    @Test
    void logoutClosesTheSessionsSocketsOnEveryHubWithin1Second() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(1, login); TestSocket second = stack.connect(2, login);
             TestSocket third = stack.connect(3, login)) {
            assertEquals(200, stack.auth.post("/sessions/logout", "", login.token()).status());
            for (TestSocket socket : List.of(first, second, third)) {
                assertEquals(1000, socket.awaitClose(ONE_SECOND).code());
            }
        }
    }

    @Test
    void accountDeletionClosesTheUsersSocketsOnEveryHubWithin1Second() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(1, login); TestSocket second = stack.connect(3, login)) {
            assertEquals(200, stack.auth.post("/sessions/delete_account", "", login.token()).status());
            for (TestSocket socket : List.of(first, second)) {
                assertEquals(1000, socket.awaitClose(ONE_SECOND).code());
            }
        }
    }

    @Test
    void adminSessionDeletionClosesItsSocketsOnEveryHubWithin1Second() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(2, login); TestSocket second = stack.connect(3, login)) {
            assertEquals(200, stack.sessions.delete("/sessions/admin/sessions/" + login.sessionId(),
                    stack.adminLogin().token()).status());
            for (TestSocket socket : List.of(first, second)) {
                assertEquals(1000, socket.awaitClose(ONE_SECOND).code());
            }
        }
    }

    @Test
    void kickClosesTheUsersSocketsOnEveryHubWithin1Second() {
        Login login = stack.newUser();
        try (TestSocket first = stack.connect(1, login); TestSocket second = stack.connect(3, login);
             TestSocket admin = stack.connect(2, stack.adminLogin())) {
            admin.send(Map.of("type", "admin_command", "command", "kick", "user_id", login.user()));
            JsonNode response = admin.next("admin_response");
            assertEquals("kick", response.get("command").asText());
            assertEquals(login.user(), response.at("/data/kicked").asText());
            for (TestSocket socket : List.of(first, second)) {
                TestSocket.Closed closed = socket.awaitClose(ONE_SECOND);
                assertEquals(1000, closed.code());
                assertEquals("Kicked by an administrator", closed.reason());
            }
        }
    }

    @Test
    void broadcastToAllReachesEverySocketOnEveryHubOnce() {
        Login alice = stack.newUser();
        Login bob = stack.newUser();
        try (TestSocket first = stack.connect(1, alice); TestSocket second = stack.connect(2, bob);
             TestSocket third = stack.connect(3, bob); TestSocket admin = stack.connect(2, stack.adminLogin())) {
            admin.send(Map.of("type", "admin_command", "command", "broadcast", "message", "maintenance at noon"));
            assertEquals("all", admin.next("admin_response").at("/data/delivered_to").asText());
            for (TestSocket socket : List.of(first, second, third)) {
                JsonNode broadcast = socket.next();
                assertEquals("broadcast", broadcast.get("type").asText());
                assertEquals("maintenance at noon", broadcast.get("message").asText());
                assertEquals(stack.admin, broadcast.get("from").asText());
                assertNothingMoreThanAPong(socket);
            }
        }
    }

    @Test
    void broadcastToOneUserReachesOnlyThatUser() {
        Login alice = stack.newUser();
        Login bob = stack.newUser();
        try (TestSocket aliceSocket = stack.connect(3, alice); TestSocket bobSocket = stack.connect(1, bob);
             TestSocket admin = stack.connect(2, stack.adminLogin())) {
            admin.send(Map.of("type", "admin_command", "command", "broadcast", "message", "hi alice",
                    "user_id", alice.user()));
            JsonNode response = admin.next("admin_response");
            assertEquals(alice.user(), response.at("/data/delivered_to").asText());
            assertEquals(1, response.at("/data/hubs").asInt());
            assertEquals("hi alice", aliceSocket.next("broadcast").get("message").asText());
            assertNothingMoreThanAPong(bobSocket);
        }
    }

    private static void update(Login login, Map<String, Object> data) {
        assertEquals(200, stack.sessions.post("/sessions/update/" + login.sessionId(), Map.of("data", data),
                login.token()).status());
    }

    /** A duplicate or stray push would arrive before the answer to a ping sent now. */
    private static void assertNothingMoreThanAPong(TestSocket socket) {
        socket.send(Map.of("type", "ping"));
        assertEquals("pong", socket.next().get("type").asText());
    }
}
