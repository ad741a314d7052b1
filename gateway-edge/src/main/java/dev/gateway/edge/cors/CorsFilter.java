package dev.gateway.edge.cors;

import dev.gateway.common.config.Settings.CorsSettings;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.ErrorResponses;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * CORS from {@code ALLOW_ORIGINS}, {@code ALLOW_METHODS} and {@code ALLOW_HEADERS}. Preflights are answered
 * here, before rate limits and authentication (browsers send them without credentials); other requests from
 * an allowed origin get the headers that let the page read the answer, errors included.
 */
public final class CorsFilter implements Filter {
    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private static final String EXPOSED = "X-Request-ID, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";
    private static final String MAX_AGE_SECONDS = "600";

    private final CorsSettings settings;

    public CorsFilter(CorsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String origin = request.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null) {
            chain.proceed();
            return;
        }
        boolean allowed = allows(origin);
        boolean preflight = request.prologue().method() == Method.OPTIONS && request.headers().contains(REQUEST_METHOD);
        if (preflight && !allowed) {
            throw ApiException.forbidden("Origin " + origin + " is not allowed");
        }
        if (allowed) {
            addOriginHeaders(response, origin);
        }
        if (preflight) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", settings.allowMethods()));
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", settings.allowHeaders()));
            response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }

    /**
     * The error handler of the edge: Helidon resets the response before error handlers run, so the CORS
     * headers are added again here, then the error body is sent as everywhere else.
     */
    public void error(ServerRequest request, ServerResponse response, ApiException error) {
        request.headers().first(HeaderNames.ORIGIN).filter(this::allows).ifPresent(origin -> addOriginHeaders(response, origin));
        ErrorResponses.send(request, response, error);
    }

    private static void addOriginHeaders(ServerResponse response, String origin) {
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.header(HeaderNames.VARY, "Origin");
        response.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    private boolean allows(String origin) {
        return !settings.allowOrigins().isEmpty()
                && (settings.allowOrigins().contains("*") || settings.allowOrigins().contains(origin));
    }
}
