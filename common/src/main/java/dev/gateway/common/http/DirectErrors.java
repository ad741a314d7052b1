package dev.gateway.common.http;

import dev.gateway.common.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The API error body for requests Helidon rejects before routing: headers over the limit (431), bodies over
 * the listener's payload limit (413), unparsable requests (400), and other HTTP versions than 1.1 (505, see
 * {@link UnsupportedHttpVersions}). Helidon reports oversized headers as a bad request whose message says so
 * (the server must include messages, see {@code ErrorHandling}); that one becomes a 431.
 */
public final class DirectErrors implements DirectHandler {
    private static final String HEADERS_TOO_LARGE = "Header size exceeded";

    DirectErrors() {
    }

    /** Direct handlers that answer every event with the API error body. */
    public static DirectHandlers handlers() {
        DirectErrors errors = new DirectErrors();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, errors);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        if (HEADERS_TOO_LARGE.equals(message)) {
            status = Status.create(431, "Request Header Fields Too Large");
        }
        String requestId = RequestIds.generate();
        // Helidon's messages may quote the raw request; the body says what went wrong in our words
        String detail = switch (status.code()) {
            case 431 -> "Request headers exceed the size limit";
            case 413 -> "The request body exceeds the size limit";
            case 400 -> "The request could not be parsed";
            case 505 -> "Only HTTP/1.1 is served";
            default -> status.reasonPhrase();
        };
        ErrorBody body = ErrorBody.of(status.code(), status.reasonPhrase(), detail, request.path(), requestId);
        responseHeaders.set(HeaderValues.CONTENT_TYPE_JSON);
        responseHeaders.set(RequestIds.HEADER, requestId);
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .entity(Json.bytes(body))
                .build();
    }
}
