package dev.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;
import dev.gateway.session.SessionStack.Login;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /sessions/events: the user's pushes as Server-Sent Events, resumable with Last-Event-ID. */
class EventStreamTest {
    private static SessionStack stack;

    @BeforeAll
    static void start() {
        stack = SessionStack.start(TestRedis.shared(), 2, Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anUpdateOnAnotherInstanceArrivesOnTheStream() {
        Login alice = stack.user();
        try (EventStreamClient events = EventStreamClient.open(alice, null)) {
            update(alice, "theme", "dark");

            Event event = events.next();
            assertNotNull(event.id());
            assertEquals("session_updated", event.data().get("type").asText());
            assertEquals(alice.sessionId(), event.data().get("session_id").asText());
            assertEquals("dark", event.data().at("/updates/theme").asText());
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdReceivesWhatItMissed() {
        Login alice = stack.user();
        String seen;
        try (EventStreamClient events = EventStreamClient.open(alice, null)) {
            update(alice, "n", "1");
            seen = events.next().id();
        }
        update(alice, "n", "2");
        update(alice, "n", "3");
        try (EventStreamClient events = EventStreamClient.open(alice, seen)) {
            assertEquals("2", events.next().data().at("/updates/n").asText());
            assertEquals("3", events.next().data().at("/updates/n").asText());
        }
    }

    @Test
    void aLastEventIdThatIsNotOursReplaysNothing() {
        Login alice = stack.user();
        update(alice, "n", "old");
        try (EventStreamClient events = EventStreamClient.open(alice, "not-an-event-id")) {
            update(alice, "n", "new");

            assertEquals("new", events.next().data().at("/updates/n").asText());
        }
    }

    @Test
    void theStreamEndsWhenItsSessionEnds() {
        Login alice = stack.user();
        try (EventStreamClient events = EventStreamClient.open(alice, null)) {
            assertEquals(200, stack.http(0).delete("/sessions/admin/sessions/" + alice.sessionId(), stack.admin().token()).status());

            Eventually.await(Duration.ofSeconds(15), events::ended);
        }
    }

    @Test
    void aStreamWithoutATokenIs401() {
        assertEquals(401, stack.http(0).get("/sessions/events", null).status());
    }

    private static void update(Login login, String key, String value) {
        assertEquals(200, stack.http(0).post("/sessions/update/" + login.sessionId(), Map.of("data", Map.of(key, value)),
                login.token()).status());
    }

    record Event(String id, JsonNode data) {
    }

    /** Reads an event stream line by line on a background thread. */
    private static final class EventStreamClient implements AutoCloseable {
        private static final String DONE = "\u0000done";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Stream<String> body;
        private volatile boolean ended;

        private EventStreamClient(Stream<String> body) {
            this.body = body;
            Thread.ofVirtual().start(() -> {
                try (body) {
                    body.forEach(lines::add);
                } catch (RuntimeException closed) {
                    // closed by the test
                }
                ended = true;
                lines.add(DONE);
            });
        }

        static EventStreamClient open(Login login, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(GatewayStack.http(stack.sessionServices.get(1))
                    .resolve("/sessions/events")).header("Authorization", "Bearer " + login.token());
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).orTimeout(10, TimeUnit.SECONDS).join();
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            EventStreamClient client = new EventStreamClient(response.body());
            assertEquals(": connected", client.line());
            return client;
        }

        Event next() {
            String id = null;
            JsonNode data = null;
            String line;
            while (!(line = line()).isEmpty() || data == null) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = Json.tree(line.substring(6));
                }
            }
            return new Event(id, data);
        }

        boolean ended() {
            return ended;
        }

        private String line() {
            try {
                String line = lines.poll(10, TimeUnit.SECONDS);
                if (line == null || line.equals(DONE)) {
                    throw new AssertionError("the stream sent nothing more");
                }
                return line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
