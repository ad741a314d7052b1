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

/**
 * Issues and verifies access tokens (JWT; HS256, RS256 or ES256, see {@link TokenKeys}). Verification
 * looks the key up by {@code kid}, accepts only that key's algorithm, requires a numeric {@code exp},
 * honours {@code nbf} (both with the configured leeway), and answers every defect with the same 401.
 */
public final class TokenService {
    private final TokenSettings settings;
    private final Clock clock;
    private final TokenKeys keys;

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
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            TokenKeys.VerificationKey key = keys.forKid(header.getKeyID()).orElseThrow(TokenService::invalid);
            if (!key.algorithm().equals(header.getAlgorithm()) || !jwt.verify(key.verifier())) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            checkTimes(claims);
            String subject = claims.getStringClaim("sub");
            String role = claims.getStringClaim("role");
            String sessionId = claims.getStringClaim("sid");
            if (subject == null || role == null || sessionId == null) {
                throw invalid();
            }
            return new Principal(subject, role, sessionId);
        } catch (ParseException | JOSEException | RuntimeException e) {
            // Whatever is wrong with the token (including library surprises on hostile input) is a 401.
            throw invalid();
        }
    }

    /** The public verification keys, for {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        return keys.jwks();
    }

    private void checkTimes(JWTClaimsSet claims) throws ParseException {
        long now = clock.millis();
        long leeway = settings.clockLeeway().toMillis();
        Date expires = claims.getDateClaim("exp");
        if (expires == null || expires.getTime() + leeway <= now) {
            throw invalid();
        }
        Date notBefore = claims.getDateClaim("nbf");
        if (notBefore != null && notBefore.getTime() - leeway > now) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("Invalid token");
    }
}
