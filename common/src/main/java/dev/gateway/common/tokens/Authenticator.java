package dev.gateway.common.tokens;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.LogContext;
import dev.gateway.common.sessions.SessionStore;

/**
 * Accepts a token only while its session exists and belongs to the token's user, so that logout,
 * a new login under the single policy, deletion and expiry end the token everywhere.
 */
public final class Authenticator {
    private final TokenService tokens;
    private final SessionStore sessions;

    public Authenticator(TokenService tokens, SessionStore sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    public Principal authenticate(String token) {
        Principal principal = tokens.verify(token);
        String owner = sessions.owner(principal.sessionId()).orElse(null);
        if (!principal.userId().equals(owner)) {
            throw ApiException.unauthorized("Session has ended");
        }
        LogContext.user(principal.userId());
        return principal;
    }
}
