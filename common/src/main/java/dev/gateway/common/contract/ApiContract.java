package dev.gateway.common.contract;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public routes of API.md and the service that owns each. The edge routes by it; every service
 * uses it to tell an unknown path (404) from a wrong method (405).
 */
public final class ApiContract {
    private static final List<ApiRoute> ROUTES = List.of(
            ApiRoute.open("POST", "/sessions/register", Owner.AUTH),
            ApiRoute.open("POST", "/sessions/login", Owner.AUTH),
            ApiRoute.open("POST", "/sessions/refresh", Owner.AUTH),
            ApiRoute.of("POST", "/sessions/logout", Owner.AUTH),
            ApiRoute.of("POST", "/sessions/delete_account", Owner.AUTH),
            ApiRoute.open("GET", "/.well-known/jwks.json", Owner.AUTH),
            ApiRoute.of("POST", "/admin/users/promote", Owner.AUTH),
            ApiRoute.of("POST", "/admin/users/demote", Owner.AUTH),
            ApiRoute.of("GET", "/admin/users", Owner.AUTH),
            ApiRoute.of("GET", "/admin/users/stats", Owner.AUTH),
            ApiRoute.of("GET", "/admin/system/stats", Owner.AUTH),
            ApiRoute.of("GET", "/admin/system/redis-info", Owner.AUTH),
            ApiRoute.of("POST", "/admin/system/cleanup-sessions", Owner.AUTH),
            ApiRoute.of("POST", "/sessions/create", Owner.SESSION),
            ApiRoute.of("GET", "/sessions/events", Owner.SESSION),
            ApiRoute.of("GET", "/sessions/{session_id}", Owner.SESSION),
            ApiRoute.of("POST", "/sessions/update/{session_id}", Owner.SESSION),
            ApiRoute.of("GET", "/sessions/users/{user_id}/sessions", Owner.SESSION),
            ApiRoute.of("GET", "/sessions/users/{user_id}/connection", Owner.SESSION),
            ApiRoute.of("GET", "/sessions/admin/all-sessions", Owner.SESSION),
            ApiRoute.of("DELETE", "/sessions/admin/sessions/{session_id}", Owner.SESSION),
            ApiRoute.of("DELETE", "/sessions/admin/users/{username}", Owner.AUTH),
            // the socket checks its own token so that a bad one is a 1008 close browsers can see, not a 401
            ApiRoute.open("GET", "/ws/connect", Owner.HUB),
            ApiRoute.open("GET", "/ws/health", Owner.HUB),
            ApiRoute.open("GET", "/health", Owner.EDGE),
            ApiRoute.open("GET", "/health/live", Owner.EDGE),
            ApiRoute.open("GET", "/health/ready", Owner.EDGE),
            ApiRoute.open("GET", "/health/connections", Owner.EDGE),
            ApiRoute.open("GET", "/metrics", Owner.EDGE),
            ApiRoute.open("GET", "/openapi", Owner.EDGE),
            ApiRoute.open("GET", "/docs", Owner.EDGE),
            ApiRoute.of("POST", "/api/register", Owner.EDGE),
            ApiRoute.of("DELETE", "/api/unregister", Owner.EDGE),
            ApiRoute.of("GET", "/api/list", Owner.EDGE),
            // each dynamic route says whether it needs a token
            ApiRoute.open("ANY", "/api/proxy/{name}/**", Owner.EDGE));

    private ApiContract() {
    }

    public static List<ApiRoute> routes() {
        return ROUTES;
    }

    /** The most specific route for this method and path, if any. */
    public static Optional<ApiRoute> find(String method, String path) {
        List<String> segments = ApiRoute.split(path);
        return ROUTES.stream()
                .filter(route -> route.allows(method) && route.matchesPath(segments))
                .max(Comparator.comparingInt(ApiRoute::specificity));
    }

    /** Methods accepted on {@code path}; empty when the path is unknown. */
    public static Set<String> allowedMethods(String path) {
        List<String> segments = ApiRoute.split(path);
        Set<String> methods = new TreeSet<>();
        ROUTES.stream().filter(route -> route.matchesPath(segments)).forEach(route -> methods.add(route.method()));
        return methods;
    }
}
