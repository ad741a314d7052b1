package dev.gateway.common.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gateway.common.config.Settings.TokenSettings;
import dev.gateway.common.http.ApiException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies access tokens (JWT; HS256, RS256 or ES256, see {@link TokenKeys}). Verification
 * looks the key up by {@code kid}, accepts only that key's algorithm, requires a numeric {@code exp},
 * honours {@code nbf} (both with the configured leeway), and answers every defect with the same 401.
 */
public final class TokenService {
    /** Tokens remembered after a full check; past it the memory starts again rather than grow. */
    private static final int VERIFIED_CACHE_SIZE = 20_000;

    private final TokenSettings settings;
    private final Clock clock;
    private final TokenKeys keys;
    /**
     * Tokens whose signature and claims were checked, so a client's next requests with the same token cost a
     * map look-up instead of parsing and an HMAC or signature check. The times are checked on every use.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public TokenService(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = new TokenKeys(settings);
    }

    public IssuedToken issue(String userId, String role, String sessionId) {
        TokenKeys.SigningKey signing = keys.signing()
                .orElseThrow(() -> new IllegalStateException("no signing key configured (JWT_PRIVATE_KEY)"));
        Instant now = clock.instant();
        Instant expires = now.plus(settings.accessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim("role", role)
                .claim("sid", sessionId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(signing.algorithm()).type(JOSEObjectType.JWT).keyID(signing.kid()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signing.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), settings.accessTokenTtl().toSeconds());
    }

    /** The token's principal, or 401 "Invalid token" for anything wrong with it. */
    public Principal verify(String token) {
        Verified seen = verified.get(token);
        if (seen != null) {
            checkTimes(seen.expiresMillis(), seen.notBeforeMillis());
            return seen.principal();
        }
        // bounded before the new token goes in, so that a full cache keeps at least the token just verified
        if (verified.size() >= VERIFIED_CACHE_SIZE) {
            verified.clear();
        }
        return verifySignatureAndClaims(token);
    }

    private Principal verifySignatureAndClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            TokenKeys.VerificationKey key = keys.forKid(header.getKeyID()).orElseThrow(TokenService::invalid);
            if (!key.algorithm().equals(header.getAlgorithm()) || !jwt.verify(key.verifier())) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getDateClaim("exp");
            Date notBefore = claims.getDateClaim("nbf");
            if (expires == null) {
                throw invalid();
            }
            long expiresMillis = expires.getTime();
            long notBeforeMillis = notBefore == null ? 0 : notBefore.getTime();
            checkTimes(expiresMillis, notBeforeMillis);
            String subject = claims.getStringClaim("sub");
            String role = claims.getStringClaim("role");
            String sessionId = claims.getStringClaim("sid");
            if (subject == null || role == null || sessionId == null) {
                throw invalid();
            }
            Principal principal = new Principal(subject, role, sessionId);
            verified.put(token, new Verified(principal, expiresMillis, notBeforeMillis));
            return principal;
        } catch (ParseException | JOSEException | RuntimeException e) {
            // Whatever is wrong with the token (including library surprises on hostile input) is a 401.
            throw invalid();
        }
    }

    /** The public verification keys, for {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        return keys.jwks();
    }

    private void checkTimes(long expiresMillis, long notBeforeMillis) {
        long now = clock.millis();
        long leeway = settings.clockLeeway().toMillis();
        if (expiresMillis + leeway <= now || notBeforeMillis - leeway > now) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("Invalid token");
    }

    /** A token that passed every check, with the times it must still be checked against. */
    private record Verified(Principal principal, long expiresMillis, long notBeforeMillis) {
    }
}
