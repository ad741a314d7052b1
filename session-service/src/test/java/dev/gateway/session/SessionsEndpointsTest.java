package dev.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.session.SessionStack.Login;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sessions table of API.md on one session-service, with its owner and admin rules. */
class SessionsEndpointsTest {
    private static SessionStack stack;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        stack = SessionStack.start(TestRedis.shared(), 1, Map.of());
        http = stack.http(0);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void createReturnsANewSessionWithTheInitialData() {
        Login alice = stack.user();
        Response created = http.post("/sessions/create", Map.of("chat_id", "chat-7"), alice.token());

        assertEquals(200, created.status());
        JsonNode body = created.json();
        assertEquals(alice.user(), body.get("user_id").asText());
        assertEquals("chat-7", body.get("chat_id").asText());
        assertEquals(Set.of("conversation", "api_key"), fieldNames(body.get("data")));
        assertTrue(body.get("ws_url").asText().contains("/ws/connect?session_id=" + body.get("session_id").asText()));
        assertTrue(body.get("created_at").isNumber() && body.get("last_access").isNumber());
    }

    @Test
    void createWithATakenSessionIdIsAConflict() {
        Login alice = stack.user();
        Response taken = http.post("/sessions/create", Map.of("session_id", alice.sessionId()), alice.token());

        assertEquals(409, taken.status());
    }

    @Test
    void ownerReadsTheirSession() {
        Login alice = stack.user();
        Response read = http.get("/sessions/" + alice.sessionId(), alice.token());

        assertEquals(200, read.status());
        assertEquals(alice.sessionId(), read.json().get("session_id").asText());
    }

    @Test
    void anotherUserMayNotReadASession() {
        Login alice = stack.user();
        Login bob = stack.user();

        assertForbidden(http.get("/sessions/" + alice.sessionId(), bob.token()));
    }

    @Test
    void adminReadsAnySessionWithoutItsWsUrl() {
        Login alice = stack.user();
        Response read = http.get("/sessions/" + alice.sessionId(), stack.admin().token());

        assertEquals(200, read.status());
        assertEquals(alice.user(), read.json().get("user_id").asText());
        assertEquals("", read.json().get("ws_url").asText());
    }

    @Test
    void readingAMissingSessionIs404() {
        assertEquals(404, http.get("/sessions/no-such-session", stack.admin().token()).status());
    }

    @Test
    void updateMergesKeysAndLeavesOthersUntouched() {
        Login alice = stack.user();
        http.post("/sessions/update/" + alice.sessionId(), Map.of("data", Map.of("theme", "dark", "lang", "en")), alice.token());
        Response updated = http.post("/sessions/update/" + alice.sessionId(), Map.of("data", Map.of("theme", "light")), alice.token());

        assertEquals(200, updated.status());
        assertEquals("Session updated", updated.json().get("message").asText());
        assertEquals(alice.sessionId(), updated.json().get("session_id").asText());
        JsonNode data = http.get("/sessions/" + alice.sessionId(), alice.token()).json().get("data");
        assertEquals("light", data.get("theme").asText());
        assertEquals("en", data.get("lang").asText());
        assertTrue(data.get("api_key").isNull());
    }

    @Test
    void onlyTheOwnerMayUpdate() {
        Login alice = stack.user();

        assertForbidden(http.post("/sessions/update/" + alice.sessionId(), Map.of("data", Map.of("x", 1)), stack.admin().token()));
    }

    @Test
    void updatingAMissingSessionIs404() {
        Login alice = stack.user();

        assertEquals(404, http.post("/sessions/update/nope", Map.of("data", Map.of("x", 1)), alice.token()).status());
    }

    @Test
    void updateWithoutAnObjectAsDataIs422() {
        Login alice = stack.user();
        Response response = http.post("/sessions/update/" + alice.sessionId(), Map.of("data", List.of(1)), alice.token());

        assertEquals(422, response.status());
        assertTrue(response.json().get("detail").asText().startsWith("data"));
    }

    @Test
    void aNumberIsNotTakenForAChatId() {
        Login alice = stack.user();
        Response response = http.post("/sessions/update/" + alice.sessionId(), "{\"data\":{},\"chat_id\":5}", alice.token());

        assertEquals(422, response.status());
        assertEquals("chat_id: must be a string", response.json().get("detail").asText());
    }

    @Test
    void updateWithMalformedJsonIs400() {
        Login alice = stack.user();

        assertEquals(400, http.post("/sessions/update/" + alice.sessionId(), "{\"data\":", alice.token()).status());
    }

    @Test
    void aUserListsTheirSessionsThroughTheIndex() {
        Login alice = stack.user();
        String second = http.post("/sessions/create", Map.of(), alice.token()).json().get("session_id").asText();
        Response list = http.get("/sessions/users/" + alice.user() + "/sessions", alice.token());

        assertEquals(200, list.status());
        assertEquals(2, list.json().get("count").asInt());
        Set<String> ids = new HashSet<>();
        list.json().get("sessions").forEach(entry -> ids.add(entry.get("session_id").asText()));
        assertEquals(Set.of(alice.sessionId(), second), ids);
    }

    @Test
    void anotherUserMayNotListSessionsButAnAdminMay() {
        Login alice = stack.user();

        assertForbidden(http.get("/sessions/users/" + alice.user() + "/sessions", stack.user().token()));
        assertEquals(1, http.get("/sessions/users/" + alice.user() + "/sessions", stack.admin().token()).json().get("count").asInt());
    }

    @Test
    void adminPagesThroughAllSessionsWithTheCursor() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(stack.user().sessionId());
        }
        String admin = stack.admin().token();
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            Response page = http.get("/sessions/admin/all-sessions?limit=3&cursor=" + cursor, admin);
            assertEquals(200, page.status());
            page.json().get("sessions").forEach(entry -> {
                assertTrue(entry.get("user_id").isTextual());
                seen.add(entry.get("session_id").asText());
            });
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null);

        assertTrue(seen.containsAll(created), "missing sessions in the listing");
        assertTrue(pages > 1, "expected several pages of at most about 3");
    }

    @Test
    void allSessionsIsForAdminsOnly() {
        assertForbidden(http.get("/sessions/admin/all-sessions", stack.user().token()));
    }

    @Test
    void allSessionsRejectsABadCursorOrLimit() {
        String admin = stack.admin().token();

        assertEquals(400, http.get("/sessions/admin/all-sessions?cursor=abc", admin).status());
        assertEquals(400, http.get("/sessions/admin/all-sessions?limit=0", admin).status());
        assertEquals(400, http.get("/sessions/admin/all-sessions?limit=many", admin).status());
    }

    @Test
    void adminDeletionEndsTheSessionAndItsToken() {
        Login alice = stack.user();
        Response deleted = http.delete("/sessions/admin/sessions/" + alice.sessionId(), stack.admin().token());

        assertEquals(200, deleted.status());
        assertEquals(401, http.get("/sessions/" + alice.sessionId(), alice.token()).status());
        assertEquals(404, http.delete("/sessions/admin/sessions/" + alice.sessionId(), stack.admin().token()).status());
    }

    @Test
    void onlyAdminsDeleteSessions() {
        Login alice = stack.user();

        assertForbidden(http.delete("/sessions/admin/sessions/" + alice.sessionId(), alice.token()));
    }

    @Test
    void requestsWithoutATokenAre401() {
        assertEquals(401, http.get("/sessions/users/x/sessions", null).status());
        assertEquals(401, http.post("/sessions/create", Map.of(), "not-a-jwt").status());
    }

    private static void assertForbidden(Response response) {
        assertEquals(403, response.status());
        assertEquals(403, response.json().get("status_code").asInt());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
