package dev.gateway.edge.routing;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.Set;

/** Which headers cross the edge: hop-by-hop headers never do, identity headers never come from outside. */
final class ForwardedHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length");
    private static final Set<String> IDENTITY = Set.of("x-user-id", "x-user-role", "x-session-id");
    private static final Set<String> SET_BY_EDGE = Set.of("x-request-id", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host");

    private ForwardedHeaders() {
    }

    /** True for request headers the edge passes on unchanged. */
    static boolean passesUpstream(HeaderName name) {
        String lower = name.lowerCase();
        return !HOP_BY_HOP.contains(lower) && !IDENTITY.contains(lower) && !SET_BY_EDGE.contains(lower);
    }

    /** True for the caller's credentials, which go only to the gateway's own services. */
    static boolean isCredential(HeaderName name) {
        return name.equals(HeaderNames.AUTHORIZATION) || name.equals(HeaderNames.COOKIE);
    }

    /** True for response headers the edge passes back unchanged. */
    static boolean passesDownstream(HeaderName name) {
        String lower = name.lowerCase();
        return !HOP_BY_HOP.contains(lower) && !lower.equals("x-request-id") && !lower.equals("date");
    }
}
