package dev.gateway.edge.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.routes.RouteRecord;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a {@code POST /api/register} body into a {@link RouteRecord}, or a 422 naming the bad field. */
final class RouteRules {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]*)*");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", RouteRecord.ANY);
    /** Headers a route may not set: the edge owns identity, request id, forwarding and hop-by-hop headers. */
    private static final Set<String> RESERVED_HEADERS = Set.of("x-user-id", "x-user-role", "x-session-id",
            "x-request-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "host", "connection",
            "content-length", "transfer-encoding", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization");
    private static final int MAX_TIMEOUT_SECONDS = 300;

    private final RouteTargets targets;

    RouteRules(RouteTargets targets) {
        this.targets = targets;
    }

    RouteRecord parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("The JSON request body must be an object");
        }
        String name = text(body, "name", null);
        if (!NAME.matcher(name).matches()) {
            throw ApiException.validation("name", "must be 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit");
        }
        String baseUrl = targets.check(text(body, "base_url", null));
        String path = text(body, "path", "");
        if (!PATH.matcher(path).matches() || path.contains("/..") || path.contains("/./") || path.endsWith("/.")) {
            throw ApiException.validation("path", "must be empty or an absolute path without dot segments, query or escapes");
        }
        String method = text(body, "method", RouteRecord.ANY).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ApiException.validation("method", "must be one of " + METHODS);
        }
        int timeout = timeout(body.get("timeout"));
        return new RouteRecord(name, baseUrl, path, method, headers(body.get("headers")), timeout,
                bool(body, "require_auth", true), bool(body, "ws_supported", false));
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw ApiException.validation(field, "is required");
            }
            return fallback;
        }
        if (!value.isTextual()) {
            throw ApiException.validation(field, "must be a string");
        }
        if (hasControl(value.asText())) {
            throw ApiException.validation(field, "must not contain control characters");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.validation(field, "must be true or false");
        }
        return value.asBoolean();
    }

    private static int timeout(JsonNode value) {
        if (value == null || value.isNull()) {
            return 30;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_TIMEOUT_SECONDS) {
            throw ApiException.validation("timeout", "must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
        }
        return value.asInt();
    }

    private static Map<String, String> headers(JsonNode value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return headers;
        }
        if (!value.isObject()) {
            throw ApiException.validation("headers", "must be an object of header names to string values");
        }
        for (Map.Entry<String, JsonNode> header : value.properties()) {
            String name = header.getKey();
            if (!HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw ApiException.validation("headers", "'" + name + "' is not a header name a route may set");
            }
            if (!header.getValue().isTextual() || hasControl(header.getValue().asText())) {
                throw ApiException.validation("headers", "the value of '" + name + "' must be a string without control characters");
            }
            headers.put(name, header.getValue().asText());
        }
        return headers;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
