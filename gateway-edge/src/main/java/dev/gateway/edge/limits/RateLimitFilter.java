package dev.gateway.edge.limits;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Spends the client IP's budget before any handler runs, so that a limited client costs no upstream call. */
public final class RateLimitFilter implements Filter {
    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        limiter.checkIp(request.prologue().uriPath().rawPath(), request.remotePeer().host(), response);
        chain.proceed();
    }
}
