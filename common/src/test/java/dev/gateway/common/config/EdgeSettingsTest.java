package dev.gateway.common.config;

import dev.gateway.common.config.Settings.EdgeSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge's settings: CORS lists, rate limits and the link-local switch, with defaults and bad values. */
class EdgeSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsAllowNoCorsOriginAndRefuseLinkLocalRoutes() {
        EdgeSettings edge = parse(Map.of()).edge();
        assertTrue(edge.cors().allowOrigins().isEmpty());
        assertFalse(edge.routesAllowLinkLocal());
        assertEquals(30, edge.rateLimits().loginPerIp());
        assertEquals(Duration.ofSeconds(60), edge.rateLimits().window());
    }

    @Test
    void listsAreSplitOnCommasAndTrimmed() {
        EdgeSettings edge = parse(Map.of("ALLOW_ORIGINS", " https://a.example , https://b.example,",
                "ALLOW_METHODS", "GET, POST")).edge();
        assertEquals(List.of("https://a.example", "https://b.example"), edge.cors().allowOrigins());
        assertEquals(List.of("GET", "POST"), edge.cors().allowMethods());
    }

    @Test
    void invalidValuesStopStartUpNamingTheKey() {
        assertNamed("ROUTES_ALLOW_LINK_LOCAL", Map.of("ROUTES_ALLOW_LINK_LOCAL", "maybe"));
        assertNamed("RATE_LIMIT_LOGIN_PER_IP", Map.of("RATE_LIMIT_LOGIN_PER_IP", "0"));
        assertNamed("RATE_LIMIT_WINDOW_SECONDS", Map.of("RATE_LIMIT_WINDOW_SECONDS", "soon"));
        assertNamed("TRUSTED_PROXIES", Map.of("TRUSTED_PROXIES", "lb.example.com"));
        assertNamed("TRUSTED_PROXIES", Map.of("TRUSTED_PROXIES", "10.0.0.0/33"));
        assertNamed("TRUSTED_PROXIES", Map.of("TRUSTED_PROXIES", "999.1.1.1"));
    }

    @Test
    void trustedProxiesTakeAddressesAndBlocks() {
        assertEquals(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"),
                parse(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,fd00::/8")).edge().trustedProxies());
    }

    private static void assertNamed(String key, Map<String, String> values) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(values));
        assertTrue(error.getMessage().startsWith(key), error.getMessage());
    }

    private static Settings parse(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("SECRET_KEY", SECRET);
        return SettingsParser.parse(all);
    }
}
