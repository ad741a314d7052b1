package dev.gateway.common.tokens;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.LogContext;
import dev.gateway.common.sessions.SessionStore;

import java.util.function.Consumer;

/**
 * Accepts a token only while its session exists and belongs to the token's user, so that logout,
 * a new login under the single policy, deletion and expiry end the token everywhere.
 */
public final class Authenticator {
    private final TokenService tokens;
    private final SessionStore sessions;
    private final Consumer<Principal> onAccepted;

    public Authenticator(TokenService tokens, SessionStore sessions) {
        this(tokens, sessions, principal -> { });
    }

    /** {@code onAccepted} sees every accepted principal, e.g. to extend its session's life. */
    public Authenticator(TokenService tokens, SessionStore sessions, Consumer<Principal> onAccepted) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.onAccepted = onAccepted;
    }

    public Principal authenticate(String token) {
        Principal principal = tokens.verify(token);
        String owner = sessions.owner(principal.sessionId()).orElse(null);
        if (!principal.userId().equals(owner)) {
            throw ApiException.unauthorized("Session has ended");
        }
        LogContext.user(principal.userId());
        onAccepted.accept(principal);
        return principal;
    }
}
