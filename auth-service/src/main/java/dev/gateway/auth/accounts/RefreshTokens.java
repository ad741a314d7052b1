package dev.gateway.auth.accounts;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Opaque, single-use refresh tokens. Redis keeps only a SHA-256 of each token; a used token stays
 * behind, marked spent, until it would have expired, so that presenting it again can be detected.
 */
public final class RefreshTokens {
    private static final String SPENT = "spent|";
    /** Marks the token spent and returns its previous value, atomically. */
    private static final String SPEND = """
            local value = redis.call('get', KEYS[1])
            if not value then return false end
            if string.sub(value, 1, 6) ~= 'spent|' then
              redis.call('set', KEYS[1], 'spent|' .. value, 'KEEPTTL')
            end
            return value""";

    private final RedissonClient redis;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    public RefreshTokens(RedissonClient redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** A new refresh token for the session. */
    public String issue(String sessionId, String userId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        redis.getBucket(key(token), StringCodec.INSTANCE).set(sessionId + "|" + userId, ttl);
        return token;
    }

    /** Spends a token: its session, or a reuse marker, or empty when the token is unknown or expired. */
    public Optional<Use> spend(String token) {
        String key = key(token);
        String value = redis.getScript(StringCodec.INSTANCE)
                .eval(key, RScript.Mode.READ_WRITE, SPEND, RScript.ReturnType.VALUE, List.of(key));
        if (value == null) {
            return Optional.empty();
        }
        boolean reused = value.startsWith(SPENT);
        String[] parts = (reused ? value.substring(SPENT.length()) : value).split("\\|", 2);
        return Optional.of(new Use(parts[0], parts[1], reused));
    }

    /** The session a token belongs to and whether it had already been used. */
    public record Use(String sessionId, String userId, boolean reused) {
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "refresh_tokens:{" + HexFormat.of().formatHex(digest) + "}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
