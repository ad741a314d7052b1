package dev.gateway.auth.tokens;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.gateway.auth.tokens.Forgery.claims;
import static dev.gateway.auth.tokens.Forgery.header;
import static dev.gateway.auth.tokens.Forgery.nowSeconds;
import static dev.gateway.auth.tokens.Forgery.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * HS256 tokens verify with an independent library (java-jwt), and every forged or broken variant of a
 * genuine token is refused with 401 and the API error body. A genuine user token gets 403 on an admin
 * endpoint, so each 401 below comes from the token, not from the caller's role.
 */
class HsTokenForgeryTest {
    private static GatewayStack stack;
    private static TestHttp http;
    private static AuthClient client;
    private static Algorithm hmac;
    private static String genuine;

    @BeforeAll
    static void start() {
        stack = GatewayStack.on(TestRedis.shared(), AuthClient.FAST_HASHING);
        client = new AuthClient(stack.start("auth-1", "AUTH_PORT", Main::start));
        http = client.http;
        hmac = Algorithm.HMAC256(stack.setting("SECRET_KEY").getBytes(StandardCharsets.UTF_8));
        genuine = client.newUserToken();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void issuedTokenVerifiesWithJavaJwt() {
        DecodedJWT jwt = JWT.require(hmac).build().verify(genuine);
        assertEquals("HS256", jwt.getAlgorithm());
        assertEquals("JWT", jwt.getType());
        assertNotNull(jwt.getKeyId());
        assertEquals("user", jwt.getClaim("role").asString());
        assertNotNull(jwt.getSubject());
        assertNotNull(jwt.getClaim("sid").asString());
        assertNotNull(jwt.getId());
        assertEquals(1800, jwt.getExpiresAtAsInstant().getEpochSecond() - jwt.getIssuedAtAsInstant().getEpochSecond());
    }

    @Test
    void genuineTokenIsAcceptedButNotAdmin() {
        assertEquals(403, http.get("/admin/users/stats", genuine).status());
    }

    @Test
    void afterRotationATokenOfThePreviousSecretIsStillAccepted() {
        String newSecret = "rotated-" + "k".repeat(40);
        TestHttp rotated = new AuthClient(stack.start("auth-rotated", "AUTH_PORT", Main::start,
                Map.of("SECRET_KEY", newSecret, "PREVIOUS_SECRET_KEYS", stack.setting("SECRET_KEY")))).http;

        // 403, not 401: the token of the old secret is accepted; only the caller's role keeps it out
        assertEquals(403, rotated.get("/admin/users/stats", genuine).status());
        String ofTheNewSecret = new AuthClient(stack.start("auth-new", "AUTH_PORT", Main::start,
                Map.of("SECRET_KEY", newSecret))).newUserToken();
        assertEquals(403, rotated.get("/admin/users/stats", ofTheNewSecret).status());
        // the instance that knows only the old secret refuses tokens of the new one
        assertEquals(401, http.get("/admin/users/stats", ofTheNewSecret).status());
    }

    @Test
    void algNoneIsRefused() {
        Map<String, Object> header = header(genuine);
        header.put("alg", "none");
        assertRefused(sign(header, claims(genuine), null));
    }

    @Test
    void algUppercaseNoneIsRefused() {
        Map<String, Object> header = header(genuine);
        header.put("alg", "NONE");
        assertRefused(sign(header, claims(genuine), null));
    }

    @Test
    void tamperedPayloadIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.put("role", "admin");
        String[] parts = genuine.split("\\.");
        assertRefused(parts[0] + "." + Forgery.encode(claims) + "." + parts[2]);
    }

    @Test
    void badSignatureIsRefused() {
        String otherKey = "another-secret-that-is-long-enough-for-hs256";
        assertRefused(sign(header(genuine), claims(genuine), Algorithm.HMAC256(otherKey)));
    }

    @Test
    void expiredTokenIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.put("iat", nowSeconds() - 3600);
        claims.put("exp", nowSeconds() - 60);
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void tokenExpiredWithinTheClockLeewayIsStillAccepted() {
        Map<String, Object> claims = claims(genuine);
        claims.put("exp", nowSeconds() - 2); // the default leeway is 5 s
        assertEquals(403, http.get("/admin/users/stats", sign(header(genuine), claims, hmac)).status());
    }

    @Test
    void tokenNotValidYetIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.put("nbf", nowSeconds() + 600);
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void tokenWithoutExpIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.remove("exp");
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void expAsStringIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.put("exp", Long.toString(nowSeconds() + 600));
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void roleThatIsNotAStringIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.put("role", Map.of("name", "admin"));
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void tokenWithoutSessionIdIsRefused() {
        Map<String, Object> claims = claims(genuine);
        claims.remove("sid");
        assertRefused(sign(header(genuine), claims, hmac));
    }

    @Test
    void unknownKidIsRefused() {
        Map<String, Object> header = header(genuine);
        header.put("kid", "not-a-key");
        assertRefused(sign(header, claims(genuine), hmac));
    }

    @Test
    void tokenWithoutKidIsRefused() {
        Map<String, Object> header = header(genuine);
        header.remove("kid");
        assertRefused(sign(header, claims(genuine), hmac));
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : new String[]{"abc", "a.b.c", "..", genuine + ".x", "eyJhbGciOiJIUzI1NiJ9.e30.", "é.é.é"}) {
            assertRefused(token);
        }
    }

    private static void assertRefused(String token) {
        AuthClient.assertUnauthorized(http.get("/admin/users/stats", token));
    }
}
