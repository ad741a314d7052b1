package dev.gateway.edge.routing;

import dev.gateway.common.contract.ApiContract;
import dev.gateway.common.contract.ApiRoute;
import dev.gateway.common.contract.Owner;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.tokens.Principal;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.limits.RateLimiter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Forwards API.md paths to the service that owns them. Protected paths need a valid token first. An
 * instance that refuses the connection is taken out of its pool and the next one is tried.
 */
public final class HttpProxy {
    /** Routes whose success ends the caller's own session; the edge stops accepting its token at once. */
    private static final Set<String> ENDS_CALLERS_SESSION = Set.of("/sessions/logout", "/sessions/delete_account");

    private final Map<Owner, UpstreamPool> pools;
    private final Gatekeeper gatekeeper;
    private final Forwarder forwarder;
    private final RateLimiter limiter;
    private final Duration timeout;

    public HttpProxy(Map<Owner, UpstreamPool> pools, Gatekeeper gatekeeper, RateLimiter limiter, Forwarder forwarder,
                     Duration timeout) {
        this.pools = pools;
        this.gatekeeper = gatekeeper;
        this.limiter = limiter;
        this.forwarder = forwarder;
        this.timeout = timeout;
    }

    /** Proxies the request when an internal service owns its path; otherwise passes it on. */
    public void handle(ServerRequest request, ServerResponse response) {
        String path = request.prologue().uriPath().rawPath();
        Optional<ApiRoute> route = ApiContract.find(request.prologue().method().text(), path);
        UpstreamPool pool = route.map(r -> pools.get(r.owner())).orElse(null);
        if (pool == null) {
            response.next();
            return;
        }
        Principal caller = route.get().open() ? null : gatekeeper.authenticate(request.headers());
        if (caller != null) {
            limiter.checkUser(path, caller.userId(), response);
        }
        forwarder.checkDeclaredLength(request);
        String query = request.prologue().query().rawValue();
        String pathAndQuery = path + (query.isEmpty() ? "" : "?" + query);
        for (URI instance : pool.attemptOrder()) {
            Optional<UpstreamResponse> upstream = forwarder.send(request, instance.resolve(pathAndQuery), timeout, Map.of(), true);
            if (upstream.isPresent()) {
                pool.markUp(instance);
                if (ENDS_CALLERS_SESSION.contains(route.get().template()) && upstream.get().status() == 200) {
                    gatekeeper.sessionEnded(caller);
                }
                forwarder.relay(upstream.get(), response);
                return;
            }
            pool.markDown(instance);
        }
        throw new ApiException(503, "Service Unavailable", "No instance of " + pool.service() + " is reachable");
    }
}
