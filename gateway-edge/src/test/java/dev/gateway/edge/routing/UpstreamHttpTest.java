package dev.gateway.edge.routing;

import dev.gateway.edge.StubbedStack;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.stub.ScriptedBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.gateway.edge.ErrorBodies.assertErrorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the edge talks HTTP/1.1 to a backend: kept-alive connections, every framing of an answer, broken answers. */
class UpstreamHttpTest {
    private static StubbedStack fixture;
    private static TestHttp edge;
    private static String admin;

    @BeforeAll
    static void start() {
        fixture = StubbedStack.start(Map.of());
        edge = new TestHttp(GatewayStack.http(TestEdges.startEdge(fixture.stack(), "edge-upstream", fixture.stub())));
        admin = fixture.tokens().issue("root", "admin").token();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void sequentialRequestsShareOneKeptAliveConnection() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String route = register(backend);
            for (int i = 0; i < 20; i++) {
                Response response = edge.get(route, null);
                assertEquals(200, response.status());
                assertEquals("ok", response.text());
            }
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void aConnectionTheBackendClosedIsNeverUsedAgain() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true)
                .answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String route = register(backend);
            for (int i = 0; i < 10; i++) {
                Response response = edge.post(route, Map.of("n", i), null);
                assertEquals(200, response.status(), response.text());
            }
            assertEquals(10, backend.requests());
        }
    }

    @Test
    void aChunkedAnswerArrivesDecodedAndItsConnectionIsKept() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: dropped\r\n\r\n")) {
            String route = register(backend);
            for (int i = 0; i < 3; i++) {
                assertEquals("hello world", edge.get(route, null).text());
            }
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void anAnswerEndedByClosingTheConnectionArrivesWhole() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true)
                .answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")) {
            String route = register(backend);
            assertEquals("until the end", edge.get(route, null).text());
            assertEquals("until the end", edge.get(route, null).text());
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void informationalAnswersBeforeTheFinalOneAreSkipped() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start()
                .answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nmade")) {
            Response response = edge.post(register(backend), Map.of(), null);
            assertEquals(201, response.status());
            assertEquals("made", response.text());
        }
    }

    @Test
    void bytesLeftOverAfterAnAnswerRetireItsConnection() throws IOException {
        // a HEAD answer has no body, so the two bytes after its head are not part of any answer
        try (ScriptedBackend backend = ScriptedBackend.start().answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String route = register(backend);
            Response head = edge.send(edge.request(route, null).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.status());
            assertEquals("", head.text());
            assertEquals("ok", edge.get(route, null).text());
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void anAnswerWithBothACodingAndALengthIsReadChunkedAndRetiresItsConnection() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 50\r\n\r\n2\r\nok\r\n0\r\n\r\n")) {
            String route = register(backend);
            assertEquals("ok", edge.get(route, null).text());
            assertEquals("ok", edge.get(route, null).text());
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void anAnswerWhoseLastCodingIsNotChunkedLastsUntilTheClose() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true)
                .answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\nraw bytes")) {
            assertEquals("raw bytes", edge.get(register(backend), null).text());
        }
    }

    @Test
    void aChunkedUploadsConnectionIsNotUsedAgain() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String route = register(backend);
            for (int i = 0; i < 2; i++) {
                // a body without a length goes up chunked; this backend reads only the head and answers at once
                Response response = edge.send(edge.request(route, null).POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII)))));
                assertEquals(200, response.status(), response.text());
            }
            assertEquals(2, backend.connections());
        }
    }

    @Test
    void aBodyThatBreaksBeforeItsFirstByteIs502() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true)
                .answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot a size\r\n")) {
            String route = register(backend);
            Response response = edge.get(route, null);
            assertEquals(502, response.status(), response.text());
            assertErrorBody(response, 502, route);
        }
    }

    @Test
    void answersThatAreNotHttpAre502() throws IOException {
        for (String broken : new String[] {"SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Len"}) {
            try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true).answer(broken)) {
                String route = register(backend);
                Response response = edge.get(route, null);
                assertEquals(502, response.status(), broken + " -> " + response.text());
                assertErrorBody(response, 502, route);
                assertTrue(response.json().get("detail").asText().startsWith("The upstream service failed"), response.text());
            }
        }
    }

    @Test
    void aBackendClosingWithoutAnAnswerIs502() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true).answer("")) {
            String route = register(backend);
            Response response = edge.get(route, null);
            assertEquals(502, response.status(), response.text());
            assertErrorBody(response, 502, route);
        }
    }

    @Test
    void anAnswerCutShortInItsBodyIs502() throws IOException {
        try (ScriptedBackend backend = ScriptedBackend.start().closeAfterAnswer(true)
                .answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")) {
            String route = register(backend);
            Response response = edge.get(route, null);
            assertEquals(502, response.status(), response.text());
            assertErrorBody(response, 502, route);
        }
    }

    private static String register(ScriptedBackend backend) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        Response response = edge.post("/api/register", Map.of("name", name, "base_url", backend.url().toString(),
                "method", "ANY", "require_auth", false, "ws_supported", false), admin);
        assertEquals(200, response.status(), response.text());
        return "/api/proxy/" + name;
    }
}
