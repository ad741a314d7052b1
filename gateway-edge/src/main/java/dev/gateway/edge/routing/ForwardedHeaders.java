package dev.gateway.edge.routing;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which headers cross the edge: hop-by-hop headers never do (the fixed ones, and those a message's own
 * {@code Connection} header names, RFC 9110 7.6.1), identity headers never come from outside.
 */
final class ForwardedHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length");
    private static final Set<String> IDENTITY = Set.of("x-user-id", "x-user-role", "x-session-id");
    private static final Set<String> SET_BY_EDGE = Set.of("x-request-id", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host");

    private ForwardedHeaders() {
    }

    /** Which of the client's request headers the edge passes on unchanged. */
    static Predicate<HeaderName> upstream(Headers request) {
        Set<String> named = namedInConnection(request);
        return name -> {
            String lower = name.lowerCase();
            return !HOP_BY_HOP.contains(lower) && !named.contains(lower) && !IDENTITY.contains(lower)
                    && !SET_BY_EDGE.contains(lower);
        };
    }

    /** True for the caller's credentials, which go only to the gateway's own services. */
    static boolean isCredential(HeaderName name) {
        return name.equals(HeaderNames.AUTHORIZATION) || name.equals(HeaderNames.COOKIE);
    }

    /** Which of the upstream's response headers the edge passes back unchanged. */
    static Predicate<HeaderName> downstream(Headers response) {
        Set<String> named = namedInConnection(response);
        return name -> {
            String lower = name.lowerCase();
            return !HOP_BY_HOP.contains(lower) && !named.contains(lower) && !lower.equals("x-request-id")
                    && !lower.equals("date");
        };
    }

    /** The options of a message's {@code Connection} header, lower-cased; empty without one. */
    static Set<String> namedInConnection(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return Set.of();
        }
        return headers.all(HeaderNames.CONNECTION, List::of).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(option -> option.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
