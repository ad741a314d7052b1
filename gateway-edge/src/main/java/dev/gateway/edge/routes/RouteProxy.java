package dev.gateway.edge.routes;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.metrics.Metrics;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.common.tokens.Principal;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.limits.RateLimiter;
import dev.gateway.edge.routing.Forwarder;
import dev.gateway.edge.routing.UpstreamResponse;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code /api/proxy/{name}[/rest]}: forwards to the route's upstream with the caller's identity, the route's
 * headers and timeout; retries idempotent requests without a body; answers 503 while the route's circuit
 * breaker is open.
 */
public final class RouteProxy {
    public static final String PREFIX = "/api/proxy/";
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
    private static final int ATTEMPTS = 3;
    /** The breaker opens when half of a route's last four calls failed, and stays open ten seconds. */
    private static final int BREAKER_VOLUME = 4;
    private static final int BREAKER_ERROR_RATIO = 50;
    private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(10);

    private final RouteTable table;
    private final Gatekeeper gatekeeper;
    private final Forwarder forwarder;
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public RouteProxy(RouteTable table, Gatekeeper gatekeeper, RateLimiter limiter, Forwarder forwarder, Metrics metrics) {
        this.table = table;
        this.gatekeeper = gatekeeper;
        this.limiter = limiter;
        this.forwarder = forwarder;
        this.metrics = metrics;
        metrics.gauge("edge_dynamic_routes", "Dynamic routes in this edge's snapshot", () -> table.list().size());
    }

    /** Proxies {@code /api/proxy/...} requests and passes every other request on. */
    public void handle(ServerRequest request, ServerResponse response) {
        if (!request.prologue().uriPath().rawPath().startsWith(PREFIX)) {
            response.next();
            return;
        }
        String method = request.prologue().method().text();
        Target target = resolve(request.prologue().uriPath().rawPath(), request.prologue().query().rawValue());
        if (!target.route().allows(method)) {
            throw new ApiException(405, "Method Not Allowed", "API '" + target.route().name() + "' accepts " + target.route().method())
                    .withHeader(HeaderNames.ALLOW.defaultCase(), target.route().method());
        }
        if (request.headers().first(HeaderNames.UPGRADE).filter("websocket"::equalsIgnoreCase).isPresent()) {
            // an upgrade the socket endpoint declined after finding the route: its token failed, or the route has no sockets
            throw target.route().wsSupported()
                    ? ApiException.unauthorized("A valid token is required for API '" + target.route().name() + "'")
                    : ApiException.badRequest("API '" + target.route().name() + "' does not accept WebSockets");
        }
        Optional<Principal> caller = caller(request, target.route());
        caller.ifPresent(principal -> limiter.checkUser(PREFIX, principal.userId(), response));
        Map<String, String> added = upstreamHeaders(target.route(), caller);
        forwarder.checkDeclaredLength(request);
        boolean retryable = IDEMPOTENT.contains(method) && !request.content().hasEntity();
        UpstreamResponse upstream = guarded(target.route(), () -> send(request, target, added, retryable ? ATTEMPTS : 1));
        forwarder.relay(upstream, response);
    }

    /** The route and upstream URL of a proxy path; 404 for an unknown route, 400 for a path that escapes. */
    public Target resolve(String rawPath, String rawQuery) {
        String afterPrefix = rawPath.substring(PREFIX.length());
        int slash = afterPrefix.indexOf('/');
        String name = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        RouteRecord route = table.find(name)
                .orElseThrow(() -> ApiException.notFound("API '" + name + "' is not registered"));
        String rest = slash < 0 ? "" : ProxyPath.checkedRest(afterPrefix.substring(slash));
        return new Target(route, URI.create(route.target(rest, rawQuery)));
    }

    /** The route's own headers plus the caller's identity, which only the edge may set. */
    public static Map<String, String> upstreamHeaders(RouteRecord route, Optional<Principal> caller) {
        Map<String, String> headers = new LinkedHashMap<>(route.headers());
        caller.ifPresent(principal -> {
            headers.put("X-User-ID", principal.userId());
            headers.put("X-User-Role", principal.role());
            headers.put("X-Session-ID", principal.sessionId());
        });
        return headers;
    }

    private Optional<Principal> caller(ServerRequest request, RouteRecord route) {
        if (route.requireAuth()) {
            return Optional.of(gatekeeper.authenticate(request.headers()));
        }
        try {
            return gatekeeper.identify(request.headers());
        } catch (ApiException e) {
            // an open route ignores a token it cannot use rather than refusing the caller
            return Optional.empty();
        }
    }

    private UpstreamResponse send(ServerRequest request, Target target, Map<String, String> added, int attempts) {
        Duration timeout = Duration.ofSeconds(target.route().timeout());
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<UpstreamResponse> upstream = forwarder.send(request, target.uri(), timeout, added, false);
                if (upstream.isPresent()) {
                    return upstream.get();
                }
                if (attempt >= attempts) {
                    throw new ApiException(502, "Bad Gateway", "The upstream of API '" + target.route().name() + "' refused the connection");
                }
            } catch (ApiException e) {
                if (e.status() != 504 || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    private UpstreamResponse guarded(RouteRecord route, Supplier<UpstreamResponse> call) {
        CircuitBreaker breaker = breakers.computeIfAbsent(route.name(), name -> CircuitBreaker.builder()
                .name("route-" + name)
                .volume(BREAKER_VOLUME)
                .errorRatio(BREAKER_ERROR_RATIO)
                .delay(BREAKER_OPEN_FOR)
                .successThreshold(1)
                .build());
        Outcome outcome;
        try {
            outcome = breaker.invoke(() -> Outcome.of(call));
        } catch (CircuitBreakerOpenException e) {
            metrics.counter("edge_route_breaker_rejected_total", "Requests refused while a route's circuit breaker was open",
                    "route", route.name()).increment();
            throw ApiException.unavailable("API '" + route.name() + "' is failing; its circuit breaker is open");
        }
        if (outcome.callerFault() != null) {
            throw outcome.callerFault();
        }
        return outcome.response();
    }

    /**
     * How one call through the breaker ended: the backend's answer, or a fault of the caller's own request (a
     * body that broke off or grew too large), which says nothing about the backend and so is not counted
     * against it; otherwise a few broken uploads would open the route's breaker for everyone.
     */
    private record Outcome(UpstreamResponse response, ApiException callerFault) {
        static Outcome of(Supplier<UpstreamResponse> call) {
            try {
                return new Outcome(call.get(), null);
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                return new Outcome(null, e);
            }
        }
    }

    /** Where one proxied request goes. */
    public record Target(RouteRecord route, URI uri) {
    }
}
