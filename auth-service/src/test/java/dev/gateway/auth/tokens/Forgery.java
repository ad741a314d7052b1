package dev.gateway.auth.tokens;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.gateway.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds tokens by hand (header, claims, signature) to present hostile variants of a genuine one. */
final class Forgery {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Forgery() {
    }

    /** The header of a genuine token, decoded by java-jwt. */
    static Map<String, Object> header(String token) {
        DecodedJWT jwt = JWT.decode(token);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", jwt.getAlgorithm());
        header.put("typ", "JWT");
        header.put("kid", jwt.getKeyId());
        return header;
    }

    /** The claims of a genuine token as a mutable map. */
    static Map<String, Object> claims(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(JWT.decode(token).getPayload()), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = new LinkedHashMap<>(Json.read(payload, Map.class));
        return claims;
    }

    /** {@code header.claims.signature}; {@code algorithm} null gives an empty signature (alg none). */
    static String sign(Map<String, Object> header, Map<String, Object> claims, Algorithm algorithm) {
        String head = encode(header);
        String body = encode(claims);
        String signature = algorithm == null ? ""
                : B64.encodeToString(algorithm.sign(head.getBytes(StandardCharsets.US_ASCII),
                body.getBytes(StandardCharsets.US_ASCII)));
        return head + "." + body + "." + signature;
    }

    static String encode(Map<String, Object> json) {
        return B64.encodeToString(Json.string(json).getBytes(StandardCharsets.UTF_8));
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
