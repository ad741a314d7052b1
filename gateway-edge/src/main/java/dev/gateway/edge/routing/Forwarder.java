package dev.gateway.edge.routing;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.RequestBody;
import dev.gateway.common.http.RequestFraming;
import dev.gateway.common.http.UpstreamClients;
import dev.gateway.common.log.LogContext;
import dev.gateway.common.routes.RouteAddresses;
import dev.gateway.edge.access.ClientAddress;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.spi.DnsResolver;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Sends one request to one upstream over pooled keep-alive HTTP/1.1 and relays the answer. A request body
 * of declared length goes upstream with that length; a chunked one streams chunked and is counted as it
 * streams, so a body over the limit is a 413 even without a length. A body that breaks off or grows past
 * the limit is the caller's 400 or 413, and the upstream request it started is cut off.
 */
public final class Forwarder {
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();

    private final WebClient client;
    private final int maxBodyBytes;
    private final ClientAddress clients;

    /** {@code resolver} gives the address of every connection, and may refuse it ({@link RouteAddresses}). */
    public Forwarder(int maxBodyBytes, ClientAddress clients, DnsResolver resolver) {
        this.maxBodyBytes = maxBodyBytes;
        this.clients = clients;
        // Without TCP_NODELAY a body streamed after its headers waits for the delayed ACK: +40 ms per request.
        this.client = UpstreamClients.builder(resolver)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).tcpNoDelay(true).build())
                .sendExpectContinue(false)
                .build();
    }

    /** 413 up front when the declared length is over the limit, before any upstream is contacted. */
    public void checkDeclaredLength(ServerRequest request) {
        request.headers().contentLength().ifPresent(length -> {
            if (length > maxBodyBytes) {
                throw tooLarge();
            }
        });
    }

    /**
     * Sends the request to {@code target}; empty when the upstream refused the connection, which happens
     * before any body byte is sent, so the caller may try another instance. Without {@code passCredentials}
     * the caller's {@code Authorization} and {@code Cookie} stay at the edge (dynamic routes get the identity
     * headers instead of the token).
     */
    public Optional<HttpClientResponse> send(ServerRequest request, URI target, Duration timeout, Map<String, String> added,
                                             boolean passCredentials) {
        HttpClientRequest upstream = client.method(Method.create(request.prologue().method().text()))
                .uri(target)
                .readTimeout(timeout);
        Predicate<HeaderName> passes = ForwardedHeaders.upstream(request.headers());
        for (Header header : request.headers()) {
            if (passes.test(header.headerName())
                    && (passCredentials || !ForwardedHeaders.isCredential(header.headerName()))) {
                upstream.header(header.headerName(), header.allValues());
            }
        }
        added.forEach((name, value) -> upstream.header(HeaderNames.create(name), value));
        upstream.header(HeaderNames.create("X-Request-ID"), LogContext.requestId());
        upstream.header(HeaderNames.X_FORWARDED_FOR, clients.forwardedFor(request));
        upstream.header(HeaderNames.X_FORWARDED_PROTO, request.isSecure() ? "https" : "http");
        request.headers().first(HeaderNames.HOST).ifPresent(host -> upstream.header(HeaderNames.X_FORWARDED_HOST, host));
        try {
            if (!request.content().hasEntity()) {
                return Optional.of(upstream.request());
            }
            OptionalLong length = request.headers().contentLength();
            // Only dynamic routes' backends need the length (plain servers cannot read chunked bodies). Our
            // own services read chunked, and sending them bodies whole over a reused keep-alive connection
            // once misread the next answer's status line ("TTP"), a Helidon 4.2 client fault not found yet.
            if (length.isPresent() && !passCredentials) {
                return Optional.of(upstream.submit(declaredBody(request, length.getAsLong())));
            }
            return Optional.of(streamed(request, upstream, target, timeout));
        } catch (UncheckedIOException e) {
            return failed(e.getCause());
        } catch (RouteAddresses.ForbiddenAddressException e) {
            throw new ApiException(502, "Bad Gateway", "The upstream is not reachable from the gateway: " + e.getMessage());
        }
    }

    /** Copies the upstream's status, end-to-end headers and body to the client. */
    public void relay(HttpClientResponse upstream, ServerResponse response) {
        try (upstream) {
            response.status(Status.create(upstream.status().code()));
            Predicate<HeaderName> passes = ForwardedHeaders.downstream(upstream.headers());
            for (Header header : upstream.headers()) {
                if (passes.test(header.headerName())) {
                    response.header(header);
                }
            }
            OptionalLong length = upstream.headers().contentLength();
            length.ifPresent(value -> response.header(HeaderNames.CONTENT_LENGTH, Long.toString(value)));
            try (InputStream in = upstream.inputStream(); OutputStream out = response.outputStream()) {
                if (length.isPresent()) {
                    in.transferTo(out);
                } else {
                    // a stream without a length (Server-Sent Events): pass on each piece as it arrives
                    byte[] buffer = new byte[8 * 1024];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A body of declared length goes upstream with that length, as plain backends expect. Helidon's client
     * keeps the length only for a body written in one piece, so the body (at most the limit) is read whole
     * before the upstream is contacted, and kept for the next instance when this one refuses the connection.
     */
    private byte[] declaredBody(ServerRequest request, long length) {
        Optional<DeclaredBody> read = request.context().get(DeclaredBody.class);
        if (read.isPresent()) {
            return read.get().bytes();
        }
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        try {
            byte[] body = RequestBody.of(request).readNBytes((int) length);
            if (body.length < length) {
                throw RequestFraming.unreadableBody("The request body ended before its Content-Length");
            }
            request.context().register(new DeclaredBody(body));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A chunked body streams upstream chunked. It may break off or grow past the limit after its start went
     * upstream; that upstream request must then end at once, and only closing its connection ends it, so it
     * gets a connection of its own instead of one from the pool.
     */
    private HttpClientResponse streamed(ServerRequest request, HttpClientRequest upstream, URI target, Duration timeout) {
        TcpClientConnection connection = connect(target, timeout);
        try {
            return upstream.connection(connection).outputStream(out -> streamBody(request, out));
        } catch (RuntimeException e) {
            connection.closeResource();
            throw e;
        }
    }

    private TcpClientConnection connect(URI target, Duration timeout) {
        boolean https = target.getScheme().equalsIgnoreCase("https");
        int port = target.getPort() >= 0 ? target.getPort() : https ? 443 : 80;
        ConnectionKey key = new ConnectionKey(target.getScheme(), target.getHost(), port, timeout,
                https ? client.prototype().tls() : NO_TLS, client.prototype().dnsResolver(),
                client.prototype().dnsAddressLookup(), client.prototype().proxy());
        return TcpClientConnection.create(client, key, List.of(), connection -> false, connection -> { }).connect();
    }

    private void streamBody(ServerRequest request, OutputStream out) throws IOException {
        // out is closed only after the whole body: closing it early would end a truncated body as if complete
        InputStream in = RequestBody.of(request);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, read);
        }
        out.close();
    }

    private Optional<HttpClientResponse> failed(Throwable cause) {
        if (cause instanceof ConnectException) {
            return Optional.empty();
        }
        if (cause instanceof SocketTimeoutException) {
            throw new ApiException(504, "Gateway Timeout", "The upstream service did not answer in time");
        }
        throw new ApiException(502, "Bad Gateway", "The upstream service failed: " + cause.getMessage());
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Payload Too Large", "The request body exceeds " + maxBodyBytes + " bytes");
    }

    /** A request body already read, for another attempt of the same request. */
    private record DeclaredBody(byte[] bytes) {
    }
}
