package dev.gateway.edge.access;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import io.helidon.http.Headers;
import org.redisson.client.RedisException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Edge-side authentication: a protected request needs a bearer token whose session is still live, checked
 * here so that unauthenticated traffic never reaches an upstream. When Redis fails, the Redis client gives up
 * only after its timeout and retries; for a short while after that, requests are answered 503 at once instead
 * of each waiting as long.
 */
public final class Gatekeeper {
    static final Duration FAIL_FAST_AFTER_REDIS_ERROR = Duration.ofSeconds(2);

    private final Authenticator authenticator;
    private final Clock clock;
    private volatile Instant failFastUntil = Instant.MIN;

    public Gatekeeper(Authenticator authenticator, Clock clock) {
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** The caller's session ended through this edge (logout, account deletion): refuse its token at once. */
    public void sessionEnded(Principal caller) {
        authenticator.ended(caller.sessionId());
    }

    /** The caller of a protected request; 401 without a valid token, 503 when Redis cannot tell. */
    public Principal authenticate(Headers headers) {
        return verify(BearerToken.require(headers));
    }

    /** The caller when the request carries a valid token, for routes that anyone may call. */
    public Optional<Principal> identify(Headers headers) {
        return BearerToken.from(headers).map(this::verify);
    }

    /** An admin caller; 401 without a valid token, 403 for other roles. */
    public Principal requireAdmin(Headers headers) {
        Principal principal = authenticate(headers);
        if (!principal.isAdmin()) {
            throw ApiException.forbidden("Admin role required");
        }
        return principal;
    }

    /** The caller holding {@code token}, such as the token of a WebSocket upgrade; 401 or 503 as above. */
    public Principal verify(String token) {
        if (clock.instant().isBefore(failFastUntil)) {
            throw redisDown();
        }
        try {
            return authenticator.authenticate(token);
        } catch (RedisException e) {
            failFastUntil = clock.instant().plus(FAIL_FAST_AFTER_REDIS_ERROR);
            throw redisDown();
        }
    }

    private static ApiException redisDown() {
        return ApiException.unavailable("Sessions cannot be checked: Redis is unreachable");
    }
}
