package dev.gateway.common.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.gateway.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Reads JSON request bodies and writes JSON responses, with the API.md status codes for bad input. */
public final class HttpJson {
    private HttpJson() {
    }

    /**
     * Parses the body as {@code type}: 415 for a non-JSON content type, 400 for a missing, malformed or broken-off
     * body, 422 naming the field for a value of the wrong JSON type.
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
        T value = parse(body, type);
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

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            return Json.read(body, type);
        } catch (Json.MalformedJsonException e) {
            // a value of the wrong type is well-formed JSON: Jackson reports it with the field's path
            if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                throw ApiException.validation(field(mismatch.getPath()), expected(mismatch.getTargetType()));
            }
            throw e;
        }
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
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
