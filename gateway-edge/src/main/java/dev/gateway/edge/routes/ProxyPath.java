package dev.gateway.edge.routes;

import dev.gateway.common.http.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The part of a dynamic-route path after {@code /api/proxy/{name}}, accepted only when it cannot climb out
 * of the route's base path however the upstream decodes it: after decoding until nothing changes (double
 * encoding included), no segment may be {@code .} or {@code ..} (with or without {@code ;parameters}) and
 * no backslash or control character may appear.
 */
final class ProxyPath {
    private static final int MAX_DECODING_ROUNDS = 4;

    private ProxyPath() {
    }

    /** The raw rest as sent (to be appended to the route's path), or a 400 when it could escape. */
    static String checkedRest(String rawRest) {
        String decoded = rawRest;
        for (int round = 0; round < MAX_DECODING_ROUNDS && decoded.contains("%"); round++) {
            decoded = decode(decoded);
        }
        if (decoded.contains("%") && decoded.matches(".*%[0-9A-Fa-f]{2}.*")) {
            throw escape();
        }
        if (decoded.contains("\\") || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw escape();
        }
        for (String segment : decoded.split("/", -1)) {
            String bare = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
            if (bare.equals(".") || bare.equals("..")) {
                throw escape();
            }
        }
        return rawRest;
    }

    private static String decode(String text) {
        try {
            // '+' is a literal plus in a path, not a space
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The proxied path has an invalid percent-encoding");
        }
    }

    private static ApiException escape() {
        return ApiException.badRequest("The proxied path must stay under the route's base path");
    }
}
