package dev.gateway.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.testing.TestHttp.Response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API.md error body, as edge tests check it. */
public final class ErrorBodies {
    private ErrorBodies() {
    }

    /** Every field of the error body: its status, a title and detail, the path, a UTC time and the answer's request id. */
    public static void assertErrorBody(Response response, int status, String path) {
        JsonNode body = response.json();
        assertEquals(status, body.get("status_code").asInt());
        assertFalse(body.get("error").asText().isEmpty());
        assertFalse(body.get("detail").asText().isEmpty());
        assertEquals(path, body.get("path").asText());
        assertTrue(body.get("timestamp").asText().endsWith("Z"));
        assertEquals(response.header("X-Request-ID"), body.get("request_id").asText());
    }
}
