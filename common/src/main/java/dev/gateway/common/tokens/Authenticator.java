package dev.gateway.common.tokens;

import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.LogContext;
import dev.gateway.common.sessions.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts a token only while its session exists and belongs to the token's user, so that logout,
 * a new login under the single policy, deletion and expiry end the token everywhere.
 * The session check may be cached briefly (well under a second); a {@code session_ended} control event
 * drops the cached answer at once on every instance.
 */
public final class Authenticator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
    private final TokenService tokens;
    private final SessionStore sessions;
    private final SessionCheckCache cache;
    private final Runnable unsubscribe;
    private final Consumer<Principal> onAccepted;

    /** Checks the session in Redis on every call. */
    public Authenticator(TokenService tokens, SessionStore sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.cache = new SessionCheckCache(Duration.ZERO, Clock.systemUTC());
        this.unsubscribe = () -> { };
        this.onAccepted = principal -> { };
    }

    /**
     * Caches session checks for {@code cacheTtl}, evicted by the {@code session_ended} events of {@code events};
     * {@code onAccepted} sees every accepted principal, e.g. to extend its session's life.
     */
    public Authenticator(TokenService tokens, SessionStore sessions, ControlEvents events, Duration cacheTtl, Clock clock,
                         Consumer<Principal> onAccepted) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.onAccepted = onAccepted;
        this.cache = new SessionCheckCache(cacheTtl, clock);
        String subscription = events.subscribe(event -> {
            if (ControlEvent.SESSION_ENDED.equals(event.type()) && event.sessionId() != null) {
                cache.ended(event.sessionId());
            }
        });
        this.unsubscribe = () -> events.unsubscribe(subscription);
    }

    public Principal authenticate(String token) {
        Principal principal = tokens.verify(token);
        if (!principal.userId().equals(owner(principal.sessionId()))) {
            throw ApiException.unauthorized("Session has ended");
        }
        LogContext.user(principal.userId());
        onAccepted.accept(principal);
        return principal;
    }

    /**
     * This instance saw {@code sessionId} end (it relayed the logout): forget its cached check at once rather
     * than when the {@code session_ended} event arrives, so that the caller's very next request is refused.
     */
    public void ended(String sessionId) {
        cache.ended(sessionId);
    }

    /** Stops listening for session events. */
    @Override
    public void close() {
        try {
            unsubscribe.run();
        } catch (RuntimeException e) {
            // Redisson fails to remove a listener whose first poll has not started; shutdown ends it anyway.
            LOG.log(Level.FINE, "session event listener not removed", e);
        }
    }

    private String owner(String sessionId) {
        if (cache.isEnded(sessionId)) {
            return null;
        }
        return cache.owner(sessionId).orElseGet(() -> {
            String owner = sessions.owner(sessionId).orElse(null);
            if (owner != null) {
                cache.remember(sessionId, owner);
            }
            return owner;
        });
    }
}
