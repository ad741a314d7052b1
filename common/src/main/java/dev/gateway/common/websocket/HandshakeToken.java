package dev.gateway.common.websocket;

import dev.gateway.common.http.BearerToken;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The access token of a WebSocket upgrade, from the {@code token} query parameter, from
 * {@code Sec-WebSocket-Protocol: bearer, <token>} (browsers cannot set headers), or from
 * {@code Authorization: Bearer}.
 */
public record HandshakeToken(String token, boolean viaSubprotocol) {
    public static final HeaderName PROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");
    /** The subprotocol a server must select when the token came in {@code Sec-WebSocket-Protocol}. */
    public static final String BEARER_PROTOCOL = "bearer";

    public static Optional<HandshakeToken> find(UriQuery query, Headers headers) {
        Optional<String> fromQuery = query.first("token").asOptional().filter(token -> !token.isBlank());
        if (fromQuery.isPresent()) {
            return Optional.of(new HandshakeToken(fromQuery.get(), false));
        }
        Optional<String> fromProtocol = headers.first(PROTOCOL).flatMap(HandshakeToken::fromProtocolHeader);
        if (fromProtocol.isPresent()) {
            return Optional.of(new HandshakeToken(fromProtocol.get(), true));
        }
        return BearerToken.from(headers).map(token -> new HandshakeToken(token, false));
    }

    private static Optional<String> fromProtocolHeader(String value) {
        List<String> parts = Arrays.stream(value.split(",")).map(String::trim).toList();
        if (parts.size() == 2 && parts.get(0).equalsIgnoreCase(BEARER_PROTOCOL) && !parts.get(1).isEmpty()) {
            return Optional.of(parts.get(1));
        }
        return Optional.empty();
    }
}
