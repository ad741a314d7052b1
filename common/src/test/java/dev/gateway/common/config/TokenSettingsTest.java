package dev.gateway.common.config;

import dev.gateway.common.config.Settings.TokenSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token keys of the configuration: each bad value stops start-up with a message naming its key. */
class TokenSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void hs256NeedsASecretKey() {
        assertFails(Map.of(), "SECRET_KEY");
    }

    @Test
    void shortPreviousSecretIsRefused() {
        assertFails(Map.of("SECRET_KEY", SECRET, "PREVIOUS_SECRET_KEYS", SECRET + ",short"), "PREVIOUS_SECRET_KEYS");
    }

    @Test
    void rs256NeedsAPublicKey() {
        assertFails(Map.of("ALGORITHM", "RS256"), "JWT_PUBLIC_KEY");
    }

    @Test
    void unknownAlgorithmIsRefused() {
        assertFails(Map.of("ALGORITHM", "none", "SECRET_KEY", SECRET), "ALGORITHM");
    }

    @Test
    void garbagePemIsRefused() {
        assertFails(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                "JWT_PUBLIC_KEY");
        assertFails(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY", "not pem at all"), "JWT_PUBLIC_KEY");
    }

    @Test
    void publicKeyIsReadFromAFileOrInlineWithEscapedNewlines() throws Exception {
        String pem = publicPem();
        Path file = Files.createTempFile("jwt", ".pem");
        try {
            Files.writeString(file, pem);
            TokenSettings fromFile = parse(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY_FILE", file.toString())).tokens();
            TokenSettings inline = parse(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY", pem.replace("\n", "\\n"))).tokens();
            assertEquals(fromFile.publicKey(), inline.publicKey());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void keyGivenInlineAndAsFileIsRefused() throws IOException, NoSuchAlgorithmException {
        assertFails(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY", publicPem(), "JWT_PUBLIC_KEY_FILE", "/x"),
                "JWT_PUBLIC_KEY_FILE");
        assertFails(Map.of("ALGORITHM", "RS256", "JWT_PUBLIC_KEY_FILE", "/no/such/file.pem"), "JWT_PUBLIC_KEY_FILE");
    }

    @Test
    void sessionCheckCacheStaysUnderASecond() {
        assertFails(Map.of("SECRET_KEY", SECRET, "SESSION_CHECK_CACHE_MS", "1000"), "SESSION_CHECK_CACHE_MS");
        assertEquals(Duration.ZERO, parse(Map.of("SECRET_KEY", SECRET, "SESSION_CHECK_CACHE_MS", "0")).tokens().sessionCheckCache());
    }

    @Test
    void inactiveDaysMayBeAFraction() {
        Settings settings = parse(Map.of("SECRET_KEY", SECRET, "SESSION_MAX_INACTIVE_DAYS", "0.5"));
        assertEquals(Duration.ofHours(12), settings.accounts().maxInactive());
        assertFails(Map.of("SECRET_KEY", SECRET, "SESSION_MAX_INACTIVE_DAYS", "0"), "SESSION_MAX_INACTIVE_DAYS");
        assertFails(Map.of("SECRET_KEY", SECRET, "SESSION_MAX_INACTIVE_DAYS", "soon"), "SESSION_MAX_INACTIVE_DAYS");
    }

    private static String publicPem() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPublic().getEncoded();
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static Settings parse(Map<String, String> values) {
        return SettingsParser.parse(new HashMap<>(values));
    }

    private static void assertFails(Map<String, String> values, String key) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(values));
        assertTrue(error.getMessage().contains(key), error.getMessage());
    }
}
