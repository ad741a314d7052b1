package dev.gateway.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsParserTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsFollowTheContract() {
        Settings settings = SettingsParser.parse(Map.of("SECRET_KEY", SECRET));
        assertEquals(8000, settings.server().edgePort());
        assertEquals(Duration.ofMinutes(30), settings.tokens().accessTokenTtl());
        assertEquals(Duration.ofMinutes(30), settings.sessions().inactivityTimeout());
        assertEquals(Duration.ofMillis(100), settings.sessions().batchWriteInterval());
        assertEquals(Duration.ofSeconds(25), settings.websockets().pingInterval());
        assertEquals(Duration.ofSeconds(30), settings.websockets().pongTimeout());
        assertEquals(Duration.ofSeconds(60), settings.websockets().inactivityTimeout());
        assertEquals(19 * 1024, settings.accounts().argon2().memoryKib());
        assertEquals(Settings.LoginPolicy.SINGLE, settings.accounts().loginPolicy());
        assertEquals("redis://127.0.0.1:6379", settings.redis().url().toString());
    }

    @Test
    void missingSecretKeyStopsStartUpNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsParser.parse(Map.of()));
        assertTrue(e.getMessage().startsWith("SECRET_KEY"), e.getMessage());
    }

    @Test
    void shortSecretKeyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsParser.parse(Map.of("SECRET_KEY", "short")));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    }

    @Test
    void invalidNumberNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("SESSION_TIMEOUT_MINUTES", "soon"));
        assertTrue(e.getMessage().startsWith("SESSION_TIMEOUT_MINUTES"), e.getMessage());
        assertThrows(ConfigException.class, () -> parse("DEFAULT_PORT", "70000"));
        assertThrows(ConfigException.class, () -> parse("WEBSOCKETS_PING_INTERVAL", "0"));
    }

    @Test
    void unknownKeyNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("SESION_TIMEOUT_MINUTES", "5"));
        assertTrue(e.getMessage().contains("SESION_TIMEOUT_MINUTES"), e.getMessage());
    }

    @Test
    void redisSettingsAreChecked() {
        assertThrows(ConfigException.class, () -> parse("REDIS_URL", "http://localhost:6379"));
        ConfigException cluster = assertThrows(ConfigException.class, () -> parse("REDIS_MODE", "cluster"));
        assertTrue(cluster.getMessage().startsWith("REDIS_NODES"), cluster.getMessage());
        Map<String, String> sentinel = new HashMap<>(Map.of("SECRET_KEY", SECRET, "REDIS_MODE", "sentinel",
                "REDIS_NODES", "redis://10.0.0.1:26379,redis://10.0.0.2:26379"));
        ConfigException master = assertThrows(ConfigException.class, () -> SettingsParser.parse(sentinel));
        assertTrue(master.getMessage().startsWith("REDIS_SENTINEL_MASTER"), master.getMessage());
        sentinel.put("REDIS_SENTINEL_MASTER", "mymaster");
        assertEquals(2, SettingsParser.parse(sentinel).redis().nodes().size());
    }

    @Test
    void choicesAreCaseInsensitiveAndChecked() {
        assertEquals(Settings.LoginPolicy.MULTI, parse("LOGIN_POLICY", "MULTI").accounts().loginPolicy());
        assertThrows(ConfigException.class, () -> parse("LOGIN_POLICY", "some"));
        assertThrows(ConfigException.class, () -> parse("ALGORITHM", "none"));
    }

    @Test
    void adminPasswordWithoutUsernameIsRejected() {
        assertThrows(ConfigException.class, () -> parse("ADMIN_PASSWORD", "whatever-pass"));
        assertThrows(ConfigException.class, () -> parse("ADMIN_USERNAME", "root"));
    }

    @Test
    void yamlFileWithAnUnknownKeyNamesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("auth-service.yaml");
        Files.writeString(file, "SESSION_TIMEOUT_MINUTES: 5\nSESSION_TIMEOUT: 6\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsLoader.readYaml(file));
        assertTrue(e.getMessage().contains("SESSION_TIMEOUT"), e.getMessage());
    }

    @Test
    void yamlFileValuesAndListsAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "DEFAULT_PORT: 9000\nAUTH_SERVICE_URLS:\n  - http://a:1\n  - http://b:2\n");
        Map<String, String> values = new HashMap<>(SettingsLoader.readYaml(file));
        values.put("SECRET_KEY", SECRET);
        Settings settings = SettingsParser.parse(values);
        assertEquals(9000, settings.server().edgePort());
        assertEquals(2, settings.upstreams().auth().size());
    }

    private static Settings parse(String key, String value) {
        return SettingsParser.parse(Map.of("SECRET_KEY", SECRET, key, value));
    }
}
