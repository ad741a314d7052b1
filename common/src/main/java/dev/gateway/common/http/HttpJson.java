package dev.gateway.common.http;

import dev.gateway.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Locale;

/** Reads JSON request bodies and writes JSON responses, with the API.md status codes for bad input. */
public final class HttpJson {
    private HttpJson() {
    }

    /**
     * Parses the body as {@code type}: 415 for a non-JSON content type, 400 for a missing, malformed or broken-off
     * body.
     */
    public static <T> T read(ServerRequest request, Class<T> type) {
        requireJsonContentType(request);
        if (!request.content().hasEntity()) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        byte[] body = RequestBody.readAll(request);
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        T value = Json.read(body, type);
        if (value == null) {
            throw ApiException.badRequest("The JSON request body must be an object");
        }
        return value;
    }

    public static void send(ServerResponse response, Object body) {
        send(response, 200, body);
    }

    public static void send(ServerResponse response, int status, Object body) {
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(Json.bytes(body));
    }

    private static void requireJsonContentType(ServerRequest request) {
        request.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(contentType -> {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
                throw new ApiException(415, "Unsupported Media Type", "Content-Type must be application/json");
            }
        });
    }
}
