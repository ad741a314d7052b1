package dev.gateway.common.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session and write-behind keys: defaults, the seconds override, and invalid values naming their key. */
class SessionSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsFollowTheReadme() {
        Settings.SessionSettings sessions = parse(Map.of()).sessions();

        assertEquals(Duration.ofMinutes(30), sessions.inactivityTimeout());
        assertEquals(Duration.ofMillis(100), sessions.batchWriteInterval());
        assertEquals(10_000, sessions.batchQueueLimit());
    }

    @Test
    void timeoutInSecondsWinsOverMinutes() {
        Settings settings = parse(Map.of("SESSION_TIMEOUT_MINUTES", "5", "SESSION_TIMEOUT_SECONDS", "3"));

        assertEquals(Duration.ofSeconds(3), settings.sessions().inactivityTimeout());
    }

    @Test
    void invalidValuesStopStartupNamingTheKey() {
        for (String key : new String[] {"BATCH_QUEUE_MAX_UPDATES", "SESSION_TIMEOUT_SECONDS", "BATCH_WRITE_INTERVAL_MS",
            "REDIS_SESSION_TIMEOUT_SECONDS"}) {
            for (String value : new String[] {"0", "-1", "many"}) {
                ConfigException error = assertThrows(ConfigException.class, () -> parse(Map.of(key, value)));
                assertTrue(error.getMessage().startsWith(key), error.getMessage());
            }
        }
    }

    private static Settings parse(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("SECRET_KEY", SECRET);
        return SettingsParser.parse(all);
    }
}
