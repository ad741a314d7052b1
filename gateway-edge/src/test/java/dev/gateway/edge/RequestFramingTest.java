package dev.gateway.edge;

import dev.gateway.common.server.RunningService;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.RawHttp;
import dev.gateway.testing.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests whose body cannot be delimited, sent as raw bytes: a 400 with the error body at once, never a 500 or a wait. */
class RequestFramingTest {
    private static StubbedStack fixture;
    private static int edgePort;

    @BeforeAll
    static void start() {
        fixture = StubbedStack.start(Map.of());
        RunningService edge = TestEdges.startEdge(fixture.stack(), "edge-1", fixture.stub());
        edgePort = edge.port();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void negativeContentLengthIs400AndNeverReachesTheUpstream() {
        int before = fixture.stub().requests().size();
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login", "Content-Length: -5\r\n") + "{}");
        assertBadRequest(answer, "/sessions/login");
        assertEquals(before, fixture.stub().requests().size());
    }

    @Test
    void contentLengthMinusOneWithoutBodyIs400AtOnce() {
        String token = fixture.tokens().issue("cl-minus-one", "user").token();
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/create",
                "Authorization: Bearer " + token + "\r\nContent-Length: -1\r\n"));
        assertBadRequest(answer, "/sessions/create");
    }

    @Test
    void contentLengthsThatDisagreeAre400() {
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login", "Content-Length: 2\r\nContent-Length: 3\r\n") + "{}");
        assertBadRequest(answer, "/sessions/login");
    }

    @Test
    void contentLengthWithTransferEncodingIs400() {
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login",
                "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n") + "2\r\n{}\r\n0\r\n\r\n");
        assertBadRequest(answer, "/sessions/login");
    }

    @Test
    void transferEncodingOtherThanChunkedIs400() {
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login", "Transfer-Encoding: gzip, chunked\r\n")
                + "2\r\n{}\r\n0\r\n\r\n");
        assertBadRequest(answer, "/sessions/login");
    }

    @Test
    void invalidChunkSizeIs400AtOnce() {
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login", "Transfer-Encoding: chunked\r\n") + "zz\r\n");
        assertBadRequest(answer, "/sessions/login");
    }

    @Test
    void invalidChunkSizeAfterAGoodChunkIs400AndEndsTheUpstreamRequest() {
        int aborted = fixture.stub().abortedBodies();
        Answer answer = RawHttp.exchange(edgePort, post("/sessions/login", "Transfer-Encoding: chunked\r\n")
                + "2\r\n{}\r\nzz\r\n");
        assertBadRequest(answer, "/sessions/login");
        // the upstream had the request's start: its connection is cut, so it stops waiting for the rest
        Eventually.await(Duration.ofSeconds(2), () -> fixture.stub().abortedBodies() > aborted);
    }

    private static String post(String path, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers + "\r\n";
    }

    private static void assertBadRequest(Answer answer, String path) {
        assertEquals(400, answer.status(), answer.toString());
        assertEquals(400, answer.json().get("status_code").asInt());
        assertEquals("Bad Request", answer.json().get("error").asText());
        assertEquals(path, answer.json().get("path").asText());
        assertFalse(answer.json().get("detail").asText().isEmpty());
        assertEquals(answer.header("X-Request-ID"), answer.json().get("request_id").asText());
        assertEquals("close", answer.header("Connection"));
        assertTrue(answer.closed(), "the connection stayed open after Connection: close");
    }
}
