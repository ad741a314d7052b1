package dev.gateway.session.sessions;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Builds the {@code ws_url} of a session: the configured public URL, else the host the client used
 * (as forwarded by the edge), with ws or wss to match http or https.
 */
final class WsUrls {
    private final Optional<URI> publicUrl;

    WsUrls(Optional<URI> publicUrl) {
        this.publicUrl = publicUrl;
    }

    String forSession(Headers headers, String sessionId, String token) {
        String base = publicUrl.map(URI::toString).orElseGet(() -> fromHeaders(headers));
        String wsBase = base.replaceFirst("^http", "ws").replaceAll("/+$", "");
        return wsBase + "/ws/connect?session_id=" + encode(sessionId) + "&token=" + encode(token);
    }

    private static String fromHeaders(Headers headers) {
        String proto = headers.first(HeaderNames.X_FORWARDED_PROTO).orElse("http");
        String host = headers.first(HeaderNames.X_FORWARDED_HOST)
                .or(() -> headers.first(HeaderNames.HOST))
                .orElse("localhost");
        return ("https".equalsIgnoreCase(proto) ? "https" : "http") + "://" + host;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
