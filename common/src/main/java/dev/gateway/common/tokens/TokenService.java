package dev.gateway.common.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gateway.common.config.Settings.TokenSettings;
import dev.gateway.common.http.ApiException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Issues and verifies access tokens (JWT, HS256). Verification pins the algorithm and key, requires
 * {@code exp}, honours {@code nbf}, and answers every defect with the same 401.
 */
public final class TokenService {
    private final TokenSettings settings;
    private final Clock clock;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final String keyId;

    public TokenService(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            this.signer = new MACSigner(settings.secretKey());
            this.verifier = new MACVerifier(settings.secretKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("SECRET_KEY cannot be used for HS256", e);
        }
        this.keyId = keyId(settings.secretKey());
    }

    public IssuedToken issue(String userId, String role, String sessionId) {
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
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(keyId).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), settings.accessTokenTtl().toSeconds());
    }

    /** The token's principal, or 401 "Invalid token" for anything wrong with it. */
    public Principal verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            checkTimes(claims);
            String subject = claims.getSubject();
            String role = claims.getStringClaim("role");
            String sessionId = claims.getStringClaim("sid");
            if (subject == null || role == null || sessionId == null) {
                throw invalid();
            }
            return new Principal(subject, role, sessionId);
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw invalid();
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        long now = clock.millis();
        long leeway = settings.clockLeeway().toMillis();
        Date expires = claims.getExpirationTime();
        if (expires == null || expires.getTime() + leeway <= now) {
            throw invalid();
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.getTime() - leeway > now) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("Invalid token");
    }

    private static String keyId(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
