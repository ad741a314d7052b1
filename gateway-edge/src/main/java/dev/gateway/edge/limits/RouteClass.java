package dev.gateway.edge.limits;

import dev.gateway.common.config.Settings.RateLimitSettings;

import java.util.Set;

/** Which budget a request spends: login-like calls are the strictest, health and docs spend none. */
public enum RouteClass {
    LOGIN, API, PROXY, EXEMPT;

    private static final Set<String> LOGIN_PATHS = Set.of("/sessions/login", "/sessions/register", "/sessions/refresh");
    private static final Set<String> EXEMPT_PATHS = Set.of("/health", "/health/live", "/health/ready",
            "/health/connections", "/metrics", "/openapi", "/docs", "/ws/health", "/.well-known/jwks.json");

    public static RouteClass of(String path) {
        if (LOGIN_PATHS.contains(path)) {
            return LOGIN;
        }
        if (EXEMPT_PATHS.contains(path)) {
            return EXEMPT;
        }
        return path.startsWith("/api/proxy/") ? PROXY : API;
    }

    int perIp(RateLimitSettings limits) {
        return switch (this) {
            case LOGIN -> limits.loginPerIp();
            case API -> limits.apiPerIp();
            case PROXY -> limits.proxyPerIp();
            case EXEMPT -> Integer.MAX_VALUE;
        };
    }

    int perUser(RateLimitSettings limits) {
        return switch (this) {
            case API -> limits.apiPerUser();
            case PROXY -> limits.proxyPerUser();
            case LOGIN, EXEMPT -> Integer.MAX_VALUE;
        };
    }
}
