package dev.gateway.edge.routing;

import dev.gateway.common.contract.ApiContract;
import dev.gateway.common.contract.ApiRoute;
import dev.gateway.common.contract.Owner;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.log.LogContext;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Forwards API.md paths to the service that owns them over pooled keep-alive HTTP/1.1. An instance that
 * refuses the connection is skipped for the next one; a timeout is a 504, other upstream failures 502.
 */
public final class HttpProxy {
    private final Map<Owner, UpstreamPool> pools;
    private final WebClient client;
    private final int maxBodyBytes;

    public HttpProxy(Map<Owner, UpstreamPool> pools, Duration timeout, int maxBodyBytes) {
        this.pools = pools;
        this.maxBodyBytes = maxBodyBytes;
        this.client = WebClient.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(timeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
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
        byte[] body = readBody(request);
        for (URI instance : pool.attemptOrder()) {
            Optional<HttpClientResponse> upstream = send(instance, request, path, body);
            if (upstream.isPresent()) {
                relay(upstream.get(), response);
                return;
            }
        }
        throw new ApiException(503, "Service Unavailable", "No instance of " + pool.service() + " is reachable");
    }

    private Optional<HttpClientResponse> send(URI instance, ServerRequest request, String path, byte[] body) {
        String query = request.prologue().query().rawValue();
        URI target = instance.resolve(path + (query.isEmpty() ? "" : "?" + query));
        HttpClientRequest upstream = client.method(Method.create(request.prologue().method().text())).uri(target);
        for (Header header : request.headers()) {
            if (ForwardedHeaders.passesUpstream(header.headerName())) {
                upstream.header(header.headerName(), header.allValues());
            }
        }
        upstream.header(HeaderNames.create("X-Request-ID"), LogContext.requestId());
        upstream.header(HeaderNames.X_FORWARDED_FOR, forwardedFor(request));
        upstream.header(HeaderNames.X_FORWARDED_PROTO, request.isSecure() ? "https" : "http");
        request.headers().first(HeaderNames.HOST).ifPresent(host -> upstream.header(HeaderNames.X_FORWARDED_HOST, host));
        try {
            return Optional.of(body.length == 0 && !request.content().hasEntity() ? upstream.request() : upstream.submit(body));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ConnectException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof SocketTimeoutException) {
                throw new ApiException(504, "Gateway Timeout", "The upstream service did not answer in time");
            }
            throw new ApiException(502, "Bad Gateway", "The upstream service failed: " + e.getCause().getMessage());
        }
    }

    private static void relay(HttpClientResponse upstream, ServerResponse response) {
        try (upstream) {
            response.status(Status.create(upstream.status().code()));
            for (Header header : upstream.headers()) {
                if (ForwardedHeaders.passesDownstream(header.headerName())) {
                    response.header(header);
                }
            }
            upstream.headers().contentLength().ifPresent(length -> response.header(HeaderNames.CONTENT_LENGTH, Long.toString(length)));
            try (InputStream in = upstream.inputStream(); OutputStream out = response.outputStream()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readBody(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        request.headers().contentLength().ifPresent(length -> {
            if (length > maxBodyBytes) {
                throw tooLarge();
            }
        });
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Payload Too Large", "The request body exceeds " + maxBodyBytes + " bytes");
    }

    private static String forwardedFor(ServerRequest request) {
        String peer = request.remotePeer().host();
        return request.headers().first(HeaderNames.X_FORWARDED_FOR).map(prior -> prior + ", " + peer).orElse(peer);
    }
}
