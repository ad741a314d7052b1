package dev.gateway.edge.limits;

import dev.gateway.edge.access.ClientAddress;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Spends the client IP's budget before any handler runs, so that a limited client costs no upstream call. */
public final class RateLimitFilter implements Filter {
    private final RateLimiter limiter;
    private final ClientAddress clients;

    public RateLimitFilter(RateLimiter limiter, ClientAddress clients) {
        this.limiter = limiter;
        this.clients = clients;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        limiter.checkIp(request.prologue().uriPath().rawPath(), clients.of(request), response);
        chain.proceed();
    }
}
