package dev.gateway.common.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.Optional;

/** Extracts {@code Authorization: Bearer <token>}. */
public final class BearerToken {
    private static final String PREFIX = "bearer ";

    private BearerToken() {
    }

    public static Optional<String> from(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION).flatMap(BearerToken::parse);
    }

    public static Optional<String> parse(String authorization) {
        if (authorization.length() > PREFIX.length() && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String token = authorization.substring(PREFIX.length()).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }

    /** The token or a 401 that says what is missing. */
    public static String require(Headers headers) {
        return from(headers).orElseThrow(() -> ApiException.unauthorized("Missing bearer token"));
    }
}
