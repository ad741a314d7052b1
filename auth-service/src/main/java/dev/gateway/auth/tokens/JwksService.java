package dev.gateway.auth.tokens;

import dev.gateway.common.http.HttpJson;
import dev.gateway.common.tokens.TokenService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /.well-known/jwks.json}: the public keys that verify access tokens (none with HS256 only). */
public final class JwksService implements HttpService {
    private final TokenService tokens;

    public JwksService(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/.well-known/jwks.json", this::jwks);
    }

    private void jwks(ServerRequest request, ServerResponse response) {
        // Short enough that a key added for rotation reaches verifiers well before it signs anything.
        response.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        HttpJson.send(response, tokens.jwks());
    }
}
