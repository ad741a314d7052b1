package dev.gateway.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;
import dev.gateway.common.log.JsonLogFormatter;
import dev.gateway.common.server.RunningService;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.RawHttp;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.gateway.edge.ErrorBodies.assertErrorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge's HTTP front door against a stub upstream: authentication, header rules, limits, failures. */
class EdgeHttpTest {
    private static final int MAX_BODY = 64 * 1024;
    private static StubbedStack fixture;
    private static TestHttp http;
    private static int edgePort;

    @BeforeAll
    static void start() {
        fixture = StubbedStack.start(Map.of("UPSTREAM_TIMEOUT_SECONDS", "1",
                "MAX_BODY_BYTES", Integer.toString(MAX_BODY)));
        RunningService edge = fixture.stack().start("edge-1", "DEFAULT_PORT", Main::start, Map.of(
                "AUTH_SERVICE_URLS", TestEdges.deadUrl() + "," + fixture.stub().url(),
                "SESSION_SERVICE_URLS", fixture.stub().url().toString(),
                "WS_HUB_URLS", fixture.stub().url().toString()));
        http = new TestHttp(GatewayStack.http(edge));
        edgePort = edge.port();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void protectedPathWithoutTokenIs401AndNeverReachesTheUpstream() {
        int before = fixture.stub().requests().size();
        Response response = http.post("/sessions/create", Map.of(), null);
        assertEquals(401, response.status());
        assertErrorBody(response, 401, "/sessions/create");
        assertEquals(before, fixture.stub().requests().size());
    }

    @Test
    void invalidTokenIs401AtTheEdge() {
        int before = fixture.stub().requests().size();
        Response response = http.get("/sessions/abc", "not-a-jwt");
        assertEquals(401, response.status());
        assertErrorBody(response, 401, "/sessions/abc");
        assertEquals(before, fixture.stub().requests().size());
    }

    @Test
    void revokedTokenIs401AtTheEdge() {
        TestTokens.Issued issued = fixture.tokens().issue("carol", "user");
        assertEquals(200, http.get("/sessions/abc", issued.token()).status());
        fixture.tokens().endSession(issued.sessionId());
        Response response = Eventually.poll(Duration.ofSeconds(1), () -> http.get("/sessions/abc", issued.token()),
                answer -> answer.status() == 401);
        assertEquals(401, response.status());
        assertErrorBody(response, 401, "/sessions/abc");
    }

    @Test
    void validTokenIsForwardedWithRequestIdAndForwardedHeaders() {
        String token = fixture.tokens().issue("dave", "user").token();
        Response response = http.send(http.request("/sessions/abc?x=1", token).header("X-Request-ID", "rid-42").GET());
        assertEquals(200, response.status());
        JsonNode echo = response.json();
        assertEquals("/sessions/abc", echo.get("path").asText());
        assertEquals("x=1", echo.get("query").asText());
        assertEquals("rid-42", echo.at("/headers/x-request-id").asText());
        assertEquals("127.0.0.1", echo.at("/headers/x-forwarded-for").asText());
        assertEquals("http", echo.at("/headers/x-forwarded-proto").asText());
        assertEquals("yes", response.header("X-Stub"));
        assertEquals("rid-42", response.header("X-Request-ID"));
    }

    @Test
    void forwardedForFromAnUntrustedClientIsReplacedByItsAddress() {
        Response response = http.send(http.request("/sessions/login", null).header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals("127.0.0.1", response.json().at("/headers/x-forwarded-for").asText());
    }

    @Test
    void openPathsNeedNoToken() {
        assertEquals(200, http.post("/sessions/login", Map.of(), null).status());
        assertEquals(200, http.post("/sessions/register", Map.of(), null).status());
        assertEquals(200, http.post("/sessions/refresh", Map.of(), null).status());
        assertEquals(200, http.get("/.well-known/jwks.json", null).status());
        assertEquals(200, http.get("/ws/health", null).status());
    }

    @Test
    void identityHeadersFromOutsideAreStripped() {
        String token = fixture.tokens().issue("erin", "user").token();
        Response response = http.send(http.request("/sessions/abc", token)
                .header("X-User-ID", "admin").header("X-User-Role", "admin").header("X-Session-ID", "forged").GET());
        JsonNode headers = response.json().get("headers");
        assertFalse(headers.has("x-user-id"), headers.toString());
        assertFalse(headers.has("x-user-role"), headers.toString());
        assertFalse(headers.has("x-session-id"), headers.toString());
    }

    @Test
    void headersOverTheLimitAre431WithTheErrorBody() {
        Response response = http.send(http.request("/sessions/login", null).header("X-Big", "a".repeat(17 * 1024)).GET());
        assertEquals(431, response.status());
        assertEquals(431, response.json().get("status_code").asInt());
        assertEquals("/sessions/login", response.json().get("path").asText());
        assertEquals(response.header("X-Request-ID"), response.json().get("request_id").asText());
    }

    @Test
    void unparsableRequestIs400WithTheErrorBodyAndNoHelidonText() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", edgePort)) {
            socket.getOutputStream().write("GET /sessions/login HTTP/1.1\r\nHost: x\r\nno-colon-here\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            JsonNode body = Json.tree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals(400, body.get("status_code").asInt());
            assertEquals("The request could not be parsed", body.get("detail").asText());
        }
    }

    @Test
    void http10RequestIs505WithTheErrorBody() {
        RawHttp.Answer answer = RawHttp.exchange(edgePort, "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n");
        assertEquals(505, answer.status(), answer.toString());
        assertEquals(505, answer.json().get("status_code").asInt());
        assertEquals("HTTP Version Not Supported", answer.json().get("error").asText());
        assertEquals("/health", answer.json().get("path").asText());
        assertEquals(answer.header("X-Request-ID"), answer.json().get("request_id").asText());
        assertEquals("close", answer.header("Connection"));
        assertTrue(answer.closed(), "the connection stayed open after the 505");
    }

    @Test
    void declaredBodyOverTheLimitIs413BeforeTheUpstream() {
        int before = fixture.stub().requests().size();
        Response response = http.post("/sessions/login", "x".repeat(MAX_BODY + 1), null);
        assertEquals(413, response.status());
        assertErrorBody(response, 413, "/sessions/login");
        assertEquals(before, fixture.stub().requests().size());
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        Response response = http.send(http.request("/sessions/login", null).POST(chunked(MAX_BODY + 1)));
        assertEquals(413, response.status());
        assertErrorBody(response, 413, "/sessions/login");
    }

    @Test
    void chunkedBodyUnderTheLimitIsStreamedWhole() {
        Response response = http.send(http.request("/sessions/login", null).POST(chunked(MAX_BODY)));
        assertEquals(200, response.status());
        assertEquals(MAX_BODY, response.json().get("body_length").asInt());
    }

    @Test
    void bodyOfTheLimitReachesTheServiceWhole() {
        Response response = http.post("/sessions/login", "x".repeat(MAX_BODY), null);
        assertEquals(200, response.status(), response.text());
        assertEquals(MAX_BODY, response.json().get("body_length").asInt());
    }

    @Test
    void chunkedBodyGoesUpstreamChunked() {
        Response response = http.send(http.request("/sessions/login", null).POST(chunked(1000)));
        JsonNode headers = response.json().get("headers");
        assertEquals("chunked", headers.path("transfer-encoding").asText(), headers.toString());
        assertFalse(headers.has("content-length"), headers.toString());
    }

    @Test
    void refusingInstanceIsSkippedSoEveryRequestSucceeds() {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, http.post("/sessions/login", Map.of(), null).status());
        }
    }

    @Test
    void slowUpstreamIs504() {
        String token = fixture.tokens().issue("frank", "user").token();
        Response response = http.get("/sessions/slow", token);
        assertEquals(504, response.status());
        assertErrorBody(response, 504, "/sessions/slow");
    }

    @Test
    void upstreamErrorStatusAndBodyPassThroughUnchanged() {
        String token = fixture.tokens().issue("gina", "user").token();
        Response response = http.get("/sessions/abc?status=503", token);
        assertEquals(503, response.status());
        assertEquals("/sessions/abc", response.json().get("path").asText());
    }

    @Test
    void accessLogLineHasRequestIdUserStatusAndLatency() throws InterruptedException {
        String token = fixture.tokens().issue("hank", "user").token();
        List<String> lines = new CopyOnWriteArrayList<>();
        JsonLogFormatter formatter = new JsonLogFormatter("gateway-edge");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("access");
        Level level = access.getLevel();
        access.setLevel(Level.INFO);
        access.addHandler(capture);
        JsonNode line;
        try {
            http.send(http.request("/sessions/abc", token).header("X-Request-ID", "log-me-1").GET());
            // the line is written once the response has gone out, so it may come just after the answer
            line = awaitLine(lines, "log-me-1");
        } finally {
            access.removeHandler(capture);
            access.setLevel(level);
        }
        assertEquals("hank", line.get("user").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals("/sessions/abc", line.get("path").asText());
        assertTrue(line.get("latency_ms").asDouble() > 0);
    }

    private static JsonNode awaitLine(List<String> lines, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String text : lines) {
                JsonNode line = Json.tree(text);
                if (requestId.equals(line.path("request_id").asText())) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access log line for " + requestId + " in " + lines);
    }

    private static HttpRequest.BodyPublisher chunked(int length) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[length]));
    }

}
