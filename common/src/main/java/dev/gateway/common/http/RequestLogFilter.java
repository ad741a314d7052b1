package dev.gateway.common.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;
import dev.gateway.common.log.LogContext;
import dev.gateway.common.metrics.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives every request an {@code X-Request-ID} (kept from the caller when sane), makes it visible to all
 * log lines of the request, echoes it on the response, and writes one JSON access-log line.
 */
public final class RequestLogFilter implements Filter {
    private static final Logger ACCESS = Logger.getLogger("access");

    private final Metrics metrics;

    public RequestLogFilter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String requestId = RequestIds.accept(request.headers().first(RequestIds.HEADER).orElse(null));
        LogContext.requestId(requestId);
        response.header(RequestIds.HEADER, requestId);
        long started = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            long elapsed = System.nanoTime() - started;
            String status = Integer.toString(response.status().code());
            metrics.counter("http_requests_total", "HTTP requests by status", "status", status).increment();
            metrics.summary("http_request_seconds", "HTTP request latency by method", "method",
                    request.prologue().method().text()).record(elapsed);
            ObjectNode line = Json.object()
                    .put("method", request.prologue().method().text())
                    .put("path", request.prologue().uriPath().rawPath())
                    .put("status", response.status().code())
                    .put("latency_ms", elapsed / 1_000_000.0)
                    .put("client", request.remotePeer().host());
            ACCESS.log(Level.INFO, "request", line);
            LogContext.clear();
        }
    }
}
