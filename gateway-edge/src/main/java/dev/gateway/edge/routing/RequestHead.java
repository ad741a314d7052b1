package dev.gateway.edge.routing;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.LogContext;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The head of a request as the edge sends it upstream: request line, headers, framing. */
final class RequestHead {
    /** Methods whose requests carry a length even without a body: some servers refuse them otherwise (411). */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private RequestHead() {
    }

    /**
     * The request line and headers for {@code target}: the caller's end-to-end headers (without its
     * credentials unless {@code passCredentials}; a header of {@code added} replaces the caller's of the same
     * name), then {@code added}, the request id and the forwarding headers, then the framing: a length for
     * {@code body}, chunked when it is null.
     */
    static byte[] of(ServerRequest request, URI target, Upstream upstream, Map<String, String> added,
                     boolean passCredentials, byte[] body, String forwardedFor) {
        String method = request.prologue().method().text();
        StringBuilder head = new StringBuilder(512).append(method).append(' ').append(target.getRawPath().isEmpty() ? "/" : target.getRawPath());
        if (target.getRawQuery() != null) {
            head.append('?').append(target.getRawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        header(head, "Host", upstream.authority());
        Predicate<HeaderName> passes = ForwardedHeaders.upstream(request.headers());
        Set<String> replaced = added.isEmpty() ? Set.of()
                : added.keySet().stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (Header header : request.headers()) {
            // a route's own headers replace the client's of the same name rather than follow them
            if (passes.test(header.headerName()) && !replaced.contains(header.headerName().lowerCase())
                    && (passCredentials || !ForwardedHeaders.isCredential(header.headerName()))) {
                for (String value : header.allValues()) {
                    header(head, header.name(), value);
                }
            }
        }
        added.forEach((name, value) -> header(head, name, value));
        header(head, "X-Request-ID", LogContext.requestId());
        header(head, "X-Forwarded-For", forwardedFor);
        header(head, "X-Forwarded-Proto", request.isSecure() ? "https" : "http");
        request.headers().first(HeaderNames.HOST).ifPresent(host -> header(head, "X-Forwarded-Host", host));
        if (body == null) {
            header(head, "Transfer-Encoding", "chunked");
        } else if (body.length > 0 || BODY_METHODS.contains(method)) {
            header(head, "Content-Length", Integer.toString(body.length));
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void header(StringBuilder head, String name, String value) {
        // a route's configured headers are checked at registration; this keeps any other line break out too
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new ApiException(502, "Bad Gateway", "A header for the upstream holds a line break: " + name);
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }
}
