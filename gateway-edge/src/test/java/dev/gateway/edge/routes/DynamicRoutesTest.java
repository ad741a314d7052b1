package dev.gateway.edge.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;
import dev.gateway.common.server.RunningService;
import dev.gateway.edge.StubbedStack;
import dev.gateway.edge.TestEdges;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.RawHttp;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gateway.edge.websocket.ClientSocket;
import dev.gateway.testing.TestSocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.gateway.edge.ErrorBodies.assertErrorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamic routes through two edges sharing one Redis, proxied to a stub backend. */
class DynamicRoutesTest {
    private static StubbedStack fixture;
    private static TestHttp edgeOne;
    private static TestHttp edgeTwo;
    private static String admin;
    private static String user;

    @BeforeAll
    static void start() {
        fixture = StubbedStack.start(Map.of());
        edgeOne = new TestHttp(GatewayStack.http(startEdge("edge-1")));
        edgeTwo = new TestHttp(GatewayStack.http(startEdge("edge-2")));
        admin = fixture.tokens().issue("root", "admin").token();
        user = fixture.tokens().issue("alice", "user").token();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void registeredRouteReachesTheOtherEdgeWithinOneSecond() {
        String name = register(Map.of("path", "/v1"));
        long started = System.nanoTime();
        Response proxied = awaitStatus(200, () -> edgeTwo.get("/api/proxy/" + name + "/items?page=2", user));
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "route reached the second edge after more than 1 s");
        assertEquals("/v1/items", proxied.json().get("path").asText());
        assertEquals("page=2", proxied.json().get("query").asText());
    }

    @Test
    void unregisteredRouteLeavesTheOtherEdgeWithinOneSecond() {
        String name = register(Map.of());
        awaitStatus(200, () -> edgeTwo.get("/api/proxy/" + name, user));
        Response removed = edgeOne.delete("/api/unregister?name=" + name, admin);
        assertEquals(200, removed.status());
        assertEquals("API '" + name + "' removed", removed.json().get("message").asText());
        long started = System.nanoTime();
        awaitStatus(404, () -> edgeTwo.get("/api/proxy/" + name, user));
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "route left the second edge after more than 1 s");
    }

    @Test
    void routesSurviveAnEdgeRestart() {
        String name = register(Map.of());
        TestHttp fresh = new TestHttp(GatewayStack.http(startEdge("edge-3")));
        assertEquals(200, fresh.get("/api/proxy/" + name, user).status());
    }

    @Test
    void registerAnswersWithTheNameAndListShowsTheRoute() {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        Response registered = edgeOne.post("/api/register", route(name, Map.of("method", "GET", "ws_supported", true)), admin);
        assertEquals(200, registered.status(), registered.text());
        assertEquals("API '" + name + "' registered", registered.json().get("message").asText());
        assertEquals(name, registered.json().get("name").asText());
        JsonNode listed = null;
        for (JsonNode route : edgeOne.get("/api/list", admin).json()) {
            listed = route.get("name").asText().equals(name) ? route : listed;
        }
        assertEquals(fixture.stub().url().toString(), listed.get("base_url").asText());
        assertEquals("GET", listed.get("method").asText());
        assertEquals("", listed.get("path").asText());
        assertTrue(listed.get("ws_supported").asBoolean());
        assertTrue(listed.get("require_auth").asBoolean());
    }

    @Test
    void managingRoutesNeedsTheAdminRole() {
        assertEquals(403, edgeOne.post("/api/register", route("x1", Map.of()), user).status());
        assertEquals(403, edgeOne.get("/api/list", user).status());
        assertEquals(403, edgeOne.delete("/api/unregister?name=x1", user).status());
        assertEquals(401, edgeOne.get("/api/list", null).status());
    }

    @Test
    void duplicateNameIs409() {
        String name = register(Map.of());
        Response again = edgeTwo.post("/api/register", route(name, Map.of()), admin);
        assertEquals(409, again.status());
        assertEquals(409, again.json().get("status_code").asInt());
    }

    @Test
    void unknownRouteIs404AndUnregisteringItIs404() {
        assertEquals(404, edgeOne.get("/api/proxy/no-such-route/x", user).status());
        assertEquals(404, edgeOne.delete("/api/unregister?name=no-such-route", admin).status());
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        assertInvalid("base_url", Map.of("base_url", "ftp://example.com"));
        assertInvalid("base_url", Map.of("base_url", "http://169.254.169.254/latest"));
        assertInvalid("base_url", Map.of("base_url", "http://[fe80::1]:8080"));
        assertInvalid("base_url", Map.of("base_url", "http://metadata.google.internal"));
        assertInvalid("base_url", Map.of("base_url", "http://user:pw@example.com"));
        assertInvalid("base_url", Map.of("base_url", "http://example.com\r\nX-Evil: 1"));
        assertInvalid("headers", Map.of("headers", Map.of("X-Api-Key", "a\r\nX-Evil: 1")));
        assertInvalid("headers", Map.of("headers", Map.of("X-User-ID", "root")));
        assertInvalid("path", Map.of("path", "/a/../b"));
        assertInvalid("path", Map.of("path", "/a?b=1"));
        assertInvalid("method", Map.of("method", "BREW"));
        assertInvalid("timeout", Map.of("timeout", "soon"));
        assertInvalid("timeout", Map.of("timeout", 0));
        assertInvalid("require_auth", Map.of("require_auth", "yes"));
        assertInvalid("name", Map.of("name", "has space"));
        assertInvalid("name", Map.of("name", "../x"));
    }

    @Test
    void registrationWithTrailingGarbageIs400() {
        String body = Json.string(route("t" + UUID.randomUUID().toString().substring(0, 8), Map.of()));
        Response response = edgeOne.post("/api/register", body + " xyz", admin);
        assertEquals(400, response.status(), response.text());
        assertErrorBody(response, 400, "/api/register");
        assertEquals("Malformed JSON in request body", response.json().get("detail").asText());
    }

    @Test
    void linkLocalTargetsAre422InEveryFormTheyCanBeWritten() {
        // hosts that are, or spell, 169.254.169.254 without DNS: nothing here resolves a name or connects
        for (String baseUrl : new String[] {"http://0xA9FEA9FE", "http://025177524776", "http://2852039166",
                "http://169.254.169.254.nip.io", "http://app-169-254-169-254.sslip.io", "http://[::ffff:169.254.169.254]",
                "http://[64:ff9b::a9fe:a9fe]", "http://[fe80::1%25eth0]:8080", "http://100.100.100.200",
                "http://METADATA.google.internal."}) {
            Response response = edgeOne.post("/api/register", route("v" + UUID.randomUUID().toString().substring(0, 8),
                    Map.of("base_url", baseUrl)), admin);
            assertEquals(422, response.status(), baseUrl + " -> " + response.text());
            assertEquals("base_url: must not point at a link-local or metadata address", response.json().get("detail").asText());
        }
    }

    @Test
    void linkLocalTargetsRegisterWhenConfigurationAllowsThem() {
        TestHttp allowing = new TestHttp(GatewayStack.http(TestEdges.startEdge(fixture.stack(), "edge-allowing", fixture.stub(),
                Map.of("ROUTES_ALLOW_LINK_LOCAL", "true"))));
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        Response registered = allowing.post("/api/register", route(name, Map.of("base_url", "http://0xA9FEA9FE")), admin);
        assertEquals(200, registered.status(), registered.text());
        assertEquals(200, allowing.delete("/api/unregister?name=" + name, admin).status());
    }

    @Test
    void proxyAddsTheCallersIdentityAndTheRouteHeaders() {
        String name = register(Map.of("headers", Map.of("X-Api-Key", "k-1")));
        JsonNode headers = edgeOne.send(edgeOne.request("/api/proxy/" + name, user).header("X-User-ID", "forged").GET())
                .json().get("headers");
        assertEquals("alice", headers.get("x-user-id").asText());
        assertEquals("user", headers.get("x-user-role").asText());
        assertFalse(headers.get("x-session-id").asText().isEmpty());
        assertEquals("k-1", headers.get("x-api-key").asText());
        assertFalse(headers.has("authorization"), "the caller's token must stay at the edge");
    }

    @Test
    void aRoutesHeaderReplacesTheCallersOfTheSameName() {
        String name = register(Map.of("headers", Map.of("X-Api-Key", "k-1")));
        JsonNode headers = edgeOne.send(edgeOne.request("/api/proxy/" + name, user).header("x-api-key", "forged").GET())
                .json().get("headers");
        assertEquals("k-1", headers.get("x-api-key").asText(), headers.toString());
    }

    @Test
    void headersNamedInConnectionStayAtTheEdge() {
        String name = register(Map.of());
        RawHttp.Answer answer = RawHttp.exchange(edgePort(), "GET /api/proxy/" + name + "/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + user + "\r\nConnection: keep-alive, X-Foo\r\nX-Foo: hop\r\nX-Bar: end\r\n\r\n");
        JsonNode headers = answer.json().get("headers");
        assertFalse(headers.has("x-foo"), headers.toString());
        assertFalse(headers.has("proxy-connection"), headers.toString());
        assertEquals("end", headers.path("x-bar").asText(), headers.toString());
    }

    @Test
    void webSocketRoutePassesFramesBothWaysWithoutTheCallersToken() throws Exception {
        String name = register(Map.of("path", "/socket", "ws_supported", true));
        ClientSocket socket = ClientSocket.connect(edgeWs("/api/proxy/" + name + "?x=1&token=" + user));
        socket.send("hi");
        assertEquals("echo:hi", socket.next());
        assertEquals("x=1", fixture.stub().sockets().getLast().query());
        socket.close(1000, "done");
    }

    @Test
    void webSocketRouteClosesTheClientWithTheBackendsCode() {
        String name = register(Map.of("path", "/socket", "ws_supported", true));
        try (TestSocket socket = TestSocket.connect(edgeWs("/api/proxy/" + name + "?session_id=close-4401&token=" + user))) {
            TestSocket.Closed closed = socket.awaitClose();
            assertEquals(4401, closed.code());
            assertEquals("Backend says 4401", closed.reason());
        }
    }

    @Test
    void webSocketUpgradeIsRefusedBeforeAny101WithoutWsSupportOrToken() {
        String plain = register(Map.of("path", "/socket"));
        assertEquals(400, handshakeStatus(edgeWs("/api/proxy/" + plain + "?token=" + user)));
        String socketRoute = register(Map.of("path", "/socket", "ws_supported", true));
        assertEquals(401, handshakeStatus(edgeWs("/api/proxy/" + socketRoute)));
        assertEquals(401, handshakeStatus(edgeWs("/api/proxy/" + socketRoute + "?token=not-a-jwt")));
    }

    @Test
    void protectedRouteWithoutTokenIs401AndOpenRouteIsNot() {
        String closed = register(Map.of());
        String open = register(Map.of("require_auth", false));
        assertEquals(401, edgeOne.get("/api/proxy/" + closed, null).status());
        assertEquals(200, edgeOne.get("/api/proxy/" + open, null).status());
    }

    @Test
    void otherMethodsThanTheRoutesAre405() {
        String name = register(Map.of("method", "GET"));
        Response response = edgeOne.post("/api/proxy/" + name, Map.of(), user);
        assertEquals(405, response.status());
        assertEquals("GET", response.header("Allow"));
    }

    @Test
    void proxiedPathNeverEscapesTheBasePath() {
        String name = register(Map.of("path", "/base"));
        int before = fixture.stub().requests().size();
        for (String escape : new String[] {"/../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/%252e%252e/secret",
                "/..;/secret", "/..%3b/secret", "/..%5csecret", "/%5c..%5csecret", "/a/%2e%2e%2f%2e%2e/secret", "/./x"}) {
            Response response = edgeOne.send(edgeOne.request("/api/proxy/" + name + escape, user).GET());
            assertEquals(400, response.status(), escape);
        }
        assertEquals(before, fixture.stub().requests().size());
    }

    @Test
    void routeTimeoutIs504() {
        String name = register(Map.of("timeout", 1));
        assertEquals(504, edgeOne.post("/api/proxy/" + name + "/slow", Map.of(), user).status());
    }

    @Test
    void idempotentRequestsAreRetriedAndOthersAreNot() {
        String name = register(Map.of("timeout", 1));
        int before = fixture.stub().requests().size();
        assertEquals(504, edgeOne.post("/api/proxy/" + name + "/slow", Map.of(), user).status());
        assertEquals(before + 1, fixture.stub().requests().size());
        assertEquals(504, edgeOne.get("/api/proxy/" + name + "/slow", user).status());
        assertEquals(before + 4, fixture.stub().requests().size());
    }

    @Test
    void circuitBreakerAnswers503WhileOpen() {
        String name = register(Map.of("base_url", TestEdges.deadUrl()));
        for (int i = 0; i < 4; i++) {
            assertEquals(502, edgeOne.post("/api/proxy/" + name, Map.of(), user).status());
        }
        Response open = edgeOne.post("/api/proxy/" + name, Map.of(), user);
        assertEquals(503, open.status());
        assertEquals(503, open.json().get("status_code").asInt());
        assertTrue(edgeOne.get("/metrics", null).text()
                .contains("gateway_edge_route_breaker_rejected_total{route=\"" + name + "\"} 1"));
    }

    @Test
    void brokenBodiesAre400AndDoNotOpenTheRoutesCircuitBreaker() {
        String name = register(Map.of());
        for (int i = 0; i < 5; i++) {
            RawHttp.Answer answer = RawHttp.exchange(edgePort(), "POST /api/proxy/" + name + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + user + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n");
            assertEquals(400, answer.status(), answer.body());
        }
        assertEquals(200, edgeOne.post("/api/proxy/" + name, Map.of(), user).status());
    }

    @Test
    void bodiesAreStreamedToTheBackend() {
        String name = register(Map.of());
        Response response = edgeOne.send(edgeOne.request("/api/proxy/" + name, user)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200_000])));
        assertEquals(200_000, response.json().get("body_length").asInt());
    }

    @Test
    void aBodyWithALengthReachesTheBackendWithThatLength() {
        String name = register(Map.of());
        Response response = edgeOne.send(edgeOne.request("/api/proxy/" + name, user)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5_000])));
        JsonNode headers = response.json().get("headers");
        assertEquals("5000", headers.path("content-length").asText(), headers.toString());
        assertFalse(headers.has("transfer-encoding"), headers.toString());
        assertEquals(5_000, response.json().get("body_length").asInt());
    }

    private static int handshakeStatus(URI uri) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, String.valueOf(e.getCause()));
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private static int edgePort() {
        return edgeOne.request("/", null).build().uri().getPort();
    }

    private static URI edgeWs(String pathAndQuery) {
        return URI.create(edgeOne.request("/", null).build().uri().toString().replaceFirst("^http", "ws")
                .replaceFirst("/$", "") + pathAndQuery);
    }

    private static void assertInvalid(String field, Map<String, Object> override) {
        Response response = edgeOne.post("/api/register", route("v" + UUID.randomUUID().toString().substring(0, 8), override), admin);
        assertEquals(422, response.status(), override + " -> " + response.text());
        assertTrue(response.json().get("detail").asText().startsWith(field), response.text());
    }

    private static String register(Map<String, Object> override) {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        Response response = edgeOne.post("/api/register", route(name, override), admin);
        assertEquals(200, response.status(), response.text());
        return name;
    }

    private static Map<String, Object> route(String name, Map<String, Object> override) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "base_url", fixture.stub().url().toString(),
                "method", "ANY", "require_auth", true, "ws_supported", false));
        body.putAll(override);
        return body;
    }

    private static Response awaitStatus(int status, Supplier<Response> call) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Response response = call.get();
        while (response.status() != status && System.nanoTime() < deadline) {
            pause();
            response = call.get();
        }
        assertEquals(status, response.status(), response.text());
        return response;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunningService startEdge(String id) {
        return TestEdges.startEdge(fixture.stack(), id, fixture.stub());
    }

}
