package dev.gateway.edge.routing;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.RequestBody;
import dev.gateway.common.http.RequestFraming;
import dev.gateway.common.routes.RouteAddresses;
import dev.gateway.edge.access.ClientAddress;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sends one request to one upstream over pooled keep-alive HTTP/1.1 and relays the answer. A request body
 * of declared length is read whole (it is at most the limit) and goes upstream with that length; a chunked
 * one streams chunked and is counted as it streams, so a body over the limit is a 413 even without a
 * length. A body that breaks off or grows past the limit is the caller's 400 or 413, and the upstream
 * request it started is cut off by closing its connection.
 */
public final class Forwarder implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Methods a request may be sent again with (RFC 9110 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int WHOLE_BODY_BYTES = 64 * 1024;

    private final UpstreamConnections connections;
    private final int maxBodyBytes;
    private final ClientAddress clients;

    /** {@code resolver} gives the address of every new connection, and may refuse it ({@link RouteAddresses}). */
    public Forwarder(int maxBodyBytes, ClientAddress clients, Function<String, InetAddress> resolver, Clock clock) {
        this.maxBodyBytes = maxBodyBytes;
        this.clients = clients;
        this.connections = new UpstreamConnections(resolver, CONNECT_TIMEOUT, clock);
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
    public Optional<UpstreamResponse> send(ServerRequest request, URI target, Duration timeout, Map<String, String> added,
                                           boolean passCredentials) {
        String method = request.prologue().method().text();
        Upstream upstream = Upstream.of(target);
        try {
            OptionalLong length = request.headers().contentLength();
            byte[] body = !request.content().hasEntity() ? new byte[0]
                    : length.isPresent() ? declaredBody(request, length.getAsLong()) : null;
            byte[] head = RequestHead.of(request, target, upstream, added, passCredentials, body, clients.forwardedFor(request));
            UpstreamConnection connection = connections.take(upstream);
            try {
                return Optional.of(exchange(connection, request, method, head, body, timeout));
            } catch (UpstreamResponse.NoAnswerException e) {
                if (!connection.reused() || body == null || !IDEMPOTENT.contains(method)) {
                    throw e;
                }
                // the upstream closed the pooled connection as the request went out: once more on a new one
                return Optional.of(exchange(connections.take(upstream), request, method, head, body, timeout));
            }
        } catch (ConnectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw upstreamFailed(e);
        } catch (UncheckedIOException e) {
            throw upstreamFailed(e.getCause());
        } catch (RouteAddresses.ForbiddenAddressException e) {
            throw new ApiException(502, "Bad Gateway", "The upstream is not reachable from the gateway: " + e.getMessage());
        }
    }

    /**
     * Copies the upstream's status, end-to-end headers and body to the client. A body of declared length up
     * to {@link #WHOLE_BODY_BYTES} is read whole first, so that one cut short is still a 502; a longer or
     * length-less one streams (each piece flushed as it arrives when it has no length, as Server-Sent Events
     * need), and once its first byte went out the client's connection is cut where the upstream's broke off.
     */
    public void relay(UpstreamResponse upstream, ServerResponse response) {
        try (upstream) {
            OptionalLong length = upstream.contentLength();
            byte[] whole = length.isPresent() && length.getAsLong() <= WHOLE_BODY_BYTES ? wholeBody(upstream) : null;
            response.status(Status.create(upstream.status()));
            Predicate<HeaderName> passes = ForwardedHeaders.downstream(upstream.headers());
            for (Header header : upstream.headers()) {
                if (passes.test(header.headerName())) {
                    response.header(header);
                }
            }
            length.ifPresent(value -> response.header(HeaderNames.CONTENT_LENGTH, Long.toString(value)));
            if (whole != null) {
                response.send(whole);
            } else {
                stream(upstream.body(), response, length.isEmpty());
            }
        }
    }

    private static byte[] wholeBody(UpstreamResponse upstream) {
        try {
            return upstream.body().readAllBytes();
        } catch (IOException e) {
            throw upstreamFailed(e);
        }
    }

    private static void stream(InputStream in, ServerResponse response, boolean flushEach) {
        byte[] buffer = new byte[8 * 1024];
        boolean started = false;
        try (OutputStream out = response.outputStream()) {
            for (int read = read(in, buffer, started); read >= 0; read = read(in, buffer, started)) {
                started = true;
                out.write(buffer, 0, read);
                if (flushEach) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next piece of the body; before the first one went out, a failure is still the client's 502 or 504. */
    private static int read(InputStream in, byte[] buffer, boolean started) throws IOException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            if (started) {
                throw e;
            }
            throw upstreamFailed(e);
        }
    }

    private static ApiException upstreamFailed(IOException e) {
        return e instanceof SocketTimeoutException
                ? new ApiException(504, "Gateway Timeout", "The upstream service did not answer in time")
                : new ApiException(502, "Bad Gateway", "The upstream service failed: " + e.getMessage());
    }

    /** Writes the request on {@code connection} and reads the answer's head; any failure closes the connection. */
    private UpstreamResponse exchange(UpstreamConnection connection, ServerRequest request, String method, byte[] head,
                                      byte[] body, Duration timeout) throws IOException {
        try {
            connection.readTimeout(timeout);
            OutputStream out = connection.output();
            out.write(head);
            if (body != null) {
                out.write(body);
            } else {
                streamBody(request, out);
            }
            out.flush();
            // after a chunked upload the connection is not trusted again: a server that ignored the chunked
            // coding may still take the chunks for a request of their own
            return UpstreamResponse.read(connection, method.equals("HEAD"), body != null, connections);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A body of declared length, read whole and kept for the next instance when this one refuses the connection. */
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
     * upstream; the caller then closes the connection, which is all that ends that upstream request.
     */
    private void streamBody(ServerRequest request, OutputStream out) throws IOException {
        InputStream in = RequestBody.of(request);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            if (read > 0) {
                out.write(Integer.toHexString(read).getBytes(StandardCharsets.US_ASCII));
                out.write(CRLF);
                out.write(buffer, 0, read);
                out.write(CRLF);
                out.flush();
            }
        }
        out.write(LAST_CHUNK);
    }

    /** Closes the idle connections to upstreams. */
    @Override
    public void close() {
        connections.close();
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Payload Too Large", "The request body exceeds " + maxBodyBytes + " bytes");
    }

    /** A request body already read, for another attempt of the same request. */
    private record DeclaredBody(byte[] bytes) {
    }
}
