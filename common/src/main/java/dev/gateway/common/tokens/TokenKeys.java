package dev.gateway.common.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.gateway.common.config.ConfigException;
import dev.gateway.common.config.Settings.TokenSettings;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token keys by {@code kid}: at most one signing key and any number of verify-only keys. Each kid is
 * bound to exactly one algorithm, so a token cannot choose how it is checked (no {@code none}, no HMAC
 * with a public key). Public keys are published as a JWK set.
 */
public final class TokenKeys {
    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, VerificationKey> byKid = new LinkedHashMap<>();
    private final List<JWK> publicJwks = new ArrayList<>();
    private final SigningKey signing;

    /** A key a token may name in its {@code kid}, with the one algorithm accepted for it. */
    public record VerificationKey(JWSAlgorithm algorithm, JWSVerifier verifier) {
    }

    /** The key new tokens are signed with. */
    public record SigningKey(String kid, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    public TokenKeys(TokenSettings settings) {
        try {
            settings.secretKey().ifPresent(this::addSecret);
            settings.previousSecretKeys().forEach(this::addSecret);
            Optional<String> publicKid = settings.publicKey().map(key -> addPublic("JWT_PUBLIC_KEY", key));
            settings.verifyKeys().forEach(key -> addPublic("JWT_VERIFY_KEYS", key));
            this.signing = signingKey(settings, publicKid.orElse(null));
        } catch (JOSEException e) {
            throw new ConfigException("token keys cannot be used: " + e.getMessage());
        }
    }

    /** The signing key; empty in a service that only verifies (no private key configured). */
    public Optional<SigningKey> signing() {
        return Optional.ofNullable(signing);
    }

    public Optional<VerificationKey> forKid(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
    }

    /** The public keys as a JWK set ({@code {"keys": [...]}}); secrets are never part of it. */
    public Map<String, Object> jwks() {
        return new JWKSet(publicJwks).toJSONObject(true);
    }

    private void addSecret(byte[] secret) {
        try {
            byKid.putIfAbsent(secretKid(secret), new VerificationKey(JWSAlgorithm.HS256, new MACVerifier(secret)));
        } catch (JOSEException e) {
            throw new ConfigException("SECRET_KEY cannot be used for HS256: " + e.getMessage());
        }
    }

    private String addPublic(String configKey, PublicKey key) {
        try {
            JWK jwk;
            VerificationKey verification;
            if (key instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new ConfigException(configKey + " holds an RSA key shorter than " + MIN_RSA_BITS + " bits");
                }
                jwk = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint().build();
                verification = new VerificationKey(JWSAlgorithm.RS256, new RSASSAVerifier(rsa));
            } else if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                jwk = new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint().build();
                verification = new VerificationKey(JWSAlgorithm.ES256, new ECDSAVerifier(ec));
            } else {
                throw new ConfigException(configKey + " holds a key that is neither RSA nor EC P-256");
            }
            if (byKid.putIfAbsent(jwk.getKeyID(), verification) == null) {
                publicJwks.add(jwk);
            }
            return jwk.getKeyID();
        } catch (JOSEException e) {
            throw new ConfigException(configKey + " cannot be used: " + e.getMessage());
        }
    }

    private SigningKey signingKey(TokenSettings settings, String publicKid) throws JOSEException {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.algorithm());
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            byte[] secret = settings.secretKey().orElseThrow();
            return new SigningKey(secretKid(secret), algorithm, new MACSigner(secret));
        }
        if (settings.privateKey().isEmpty()) {
            return null;
        }
        PrivateKey key = settings.privateKey().get();
        JWSSigner signer;
        if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAPrivateKey rsa) {
            signer = new RSASSASigner(rsa);
        } else if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECPrivateKey ec) {
            signer = new ECDSASigner(ec);
        } else {
            throw new ConfigException("JWT_PRIVATE_KEY does not fit ALGORITHM " + algorithm);
        }
        VerificationKey pair = byKid.get(publicKid);
        if (!pair.algorithm().equals(algorithm) || !signsFor(signer, algorithm, pair.verifier())) {
            throw new ConfigException("JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are not one " + algorithm + " key pair");
        }
        return new SigningKey(publicKid, algorithm, signer);
    }

    private static boolean signsFor(JWSSigner signer, JWSAlgorithm algorithm, JWSVerifier verifier)
            throws JOSEException {
        JWSObject probe = new JWSObject(new JWSHeader(algorithm), new Payload("key pair probe"));
        probe.sign(signer);
        return probe.verify(verifier);
    }

    /** A short, stable id for an HMAC secret that does not reveal it. */
    private static String secretKid(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
