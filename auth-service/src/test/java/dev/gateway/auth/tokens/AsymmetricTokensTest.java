package dev.gateway.auth.tokens;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.common.config.ConfigException;
import dev.gateway.common.server.RunningService;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RS256 and ES256 with configured key pairs: tokens verify with java-jwt against the keys published at
 * {@code /.well-known/jwks.json}; the kid pins the algorithm; older keys verify during rotation.
 */
class AsymmetricTokensTest {
    private final GatewayStack stack = GatewayStack.on(TestRedis.shared(), AuthClient.FAST_HASHING);

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void rs256TokenVerifiesWithTheJwksKey() throws Exception {
        AuthClient client = new AuthClient(start("auth-rs", "RS256", TestKeys.rsa(), List.of()));
        String token = client.newUserToken();
        JsonNode jwk = onlyKey(client);
        assertEquals("RSA", jwk.get("kty").asText());
        assertEquals("RS256", jwk.get("alg").asText());
        assertEquals("sig", jwk.get("use").asText());
        assertFalse(jwk.has("d"), "the private exponent must never be published");

        DecodedJWT jwt = JWT.require(Algorithm.RSA256(rsaKey(jwk), null)).build().verify(token);
        assertEquals(jwk.get("kid").asText(), jwt.getKeyId());
        assertEquals("user", jwt.getClaim("role").asString());
    }

    @Test
    void es256TokenVerifiesWithTheJwksKey() throws Exception {
        KeyPair pair = TestKeys.ec();
        AuthClient client = new AuthClient(start("auth-es", "ES256", pair, List.of()));
        String token = client.newUserToken();
        JsonNode jwk = onlyKey(client);
        assertEquals("EC", jwk.get("kty").asText());
        assertEquals("P-256", jwk.get("crv").asText());
        assertEquals("ES256", jwk.get("alg").asText());

        ECPublicKey key = ecKey(jwk, (ECPublicKey) pair.getPublic());
        DecodedJWT jwt = JWT.require(Algorithm.ECDSA256(key, null)).build().verify(token);
        assertEquals(jwk.get("kid").asText(), jwt.getKeyId());
        assertEquals(200, client.http.post("/sessions/logout", null, token).status());
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() {
        KeyPair pair = TestKeys.rsa();
        AuthClient client = new AuthClient(start("auth-rs", "RS256", pair, List.of()));
        String genuine = client.newUserToken();
        Map<String, Object> header = Forgery.header(genuine);
        header.put("alg", "HS256");
        for (byte[] secret : List.of(TestKeys.publicPem(pair).getBytes(StandardCharsets.US_ASCII), pair.getPublic().getEncoded())) {
            String forged = Forgery.sign(header, Forgery.claims(genuine), Algorithm.HMAC256(secret));
            AuthClient.assertUnauthorized(client.http.post("/sessions/logout", null, forged));
        }
        assertEquals(200, client.http.post("/sessions/logout", null, genuine).status());
    }

    @Test
    void tokenOfTheOldKeyStillVerifiesAfterRotation() {
        KeyPair oldPair = TestKeys.rsa();
        KeyPair newPair = TestKeys.ec();
        AuthClient before = new AuthClient(start("auth-old", "RS256", oldPair, List.of()));
        String oldToken = before.newUserToken();
        AuthClient after = new AuthClient(start("auth-new", "ES256", newPair, List.of(oldPair)));

        JsonNode keys = after.http.get("/.well-known/jwks.json", null).json().get("keys");
        assertEquals(2, keys.size());
        assertEquals("EC", keys.get(0).get("kty").asText());
        assertEquals("RSA", keys.get(1).get("kty").asText());
        assertEquals("ES256", JWT.decode(after.newUserToken()).getAlgorithm());
        assertEquals(200, after.http.post("/sessions/logout", null, oldToken).status());
    }

    @Test
    void hs256JwksPublishesNoKeys() {
        AuthClient client = new AuthClient(stack.start("auth-hs", "AUTH_PORT", Main::start));
        Response jwks = client.http.get("/.well-known/jwks.json", null);
        assertEquals(200, jwks.status());
        assertEquals(0, jwks.json().get("keys").size());
        assertTrue(jwks.header("Cache-Control").contains("max-age"));
    }

    @Test
    void authServiceRefusesToStartWithoutThePrivateKey() {
        Map<String, String> settings = Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY", TestKeys.publicPem(TestKeys.rsa()));
        ConfigException error = assertThrows(ConfigException.class,
                () -> stack.start("auth-x", "AUTH_PORT", Main::start, settings));
        assertTrue(error.getMessage().contains("JWT_PRIVATE_KEY"), error.getMessage());
    }

    @Test
    void mismatchedKeyPairStopsStartUp() {
        Map<String, String> settings = Map.of("ALGORITHM", "ES256", "JWT_PRIVATE_KEY", TestKeys.privatePem(TestKeys.ec()),
                "JWT_PUBLIC_KEY", TestKeys.publicPem(TestKeys.ec()));
        ConfigException error = assertThrows(ConfigException.class,
                () -> stack.start("auth-x", "AUTH_PORT", Main::start, settings));
        assertTrue(error.getMessage().contains("JWT_PRIVATE_KEY"), error.getMessage());
    }

    private RunningService start(String id, String algorithm, KeyPair pair, List<KeyPair> older) {
        Map<String, String> settings = new HashMap<>(Map.of("ALGORITHM", algorithm,
                "JWT_PRIVATE_KEY", TestKeys.privatePem(pair), "JWT_PUBLIC_KEY", TestKeys.publicPem(pair)));
        if (!older.isEmpty()) {
            settings.put("JWT_VERIFY_KEYS", String.join("", older.stream().map(TestKeys::publicPem).toList()));
        }
        return stack.start(id, "AUTH_PORT", Main::start, settings);
    }

    private static JsonNode onlyKey(AuthClient client) {
        JsonNode keys = client.http.get("/.well-known/jwks.json", null).json().get("keys");
        assertEquals(1, keys.size());
        return keys.get(0);
    }

    private static RSAPublicKey rsaKey(JsonNode jwk) throws Exception {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e")));
    }

    /** The JWK's point on the curve of {@code reference} (the generated key, used for its curve only). */
    private static ECPublicKey ecKey(JsonNode jwk, ECPublicKey reference) throws Exception {
        ECPoint point = new ECPoint(number(jwk, "x"), number(jwk, "y"));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, reference.getParams()));
    }

    private static BigInteger number(JsonNode jwk, String field) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get(field).asText()));
    }
}
