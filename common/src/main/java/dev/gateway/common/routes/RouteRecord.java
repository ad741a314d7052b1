package dev.gateway.common.routes;

import java.util.Map;

/**
 * A dynamic route registered through {@code POST /api/register}, stored as JSON with the API.md field
 * names. The edge proxies {@code /api/proxy/{name}} by it; hubs answer {@code {"type":"<name>"}} messages
 * by it when {@code wsSupported}. Values are plain text, never templates.
 */
public record RouteRecord(String name,
                          String baseUrl,
                          String path,
                          String method,
                          Map<String, String> headers,
                          int timeout,
                          boolean requireAuth,
                          boolean wsSupported) {
    /** The method value that accepts every method. */
    public static final String ANY = "ANY";

    public RouteRecord {
        headers = Map.copyOf(headers);
    }

    /** True when requests with {@code requestMethod} may use this route. */
    public boolean allows(String requestMethod) {
        return ANY.equals(method) || method.equalsIgnoreCase(requestMethod);
    }

    /** The upstream URL for {@code rest} (already checked to stay under the base path) and a raw query. */
    public String target(String rest, String rawQuery) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + path + rest + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}
