package dev.gateway.edge.routing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to an upstream, used by one request at a time and kept open between requests
 * by {@link UpstreamConnections}. The channel under the socket lets an idle connection be checked without
 * waiting: a pooled connection the upstream has closed is seen before a request is written to it.
 */
final class UpstreamConnection {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Upstream upstream;
    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    // handed between threads only through the pool's deque, whose lock orders these writes before the next use
    private boolean reused;
    private long idleSince;

    private UpstreamConnection(Upstream upstream, SocketChannel channel, Socket socket) throws IOException {
        this.upstream = upstream;
        this.channel = channel;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
    }

    /** A new connection to {@code address}; a refusal is a {@link java.net.ConnectException}. */
    static UpstreamConnection open(Upstream upstream, InetAddress address, Duration connectTimeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            // without TCP_NODELAY a body written after its head waits for the delayed ACK: +40 ms per request
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(address, upstream.port()), (int) connectTimeout.toMillis());
            // a server that accepts but never answers the TLS handshake gets no longer than the connect
            channel.socket().setSoTimeout((int) connectTimeout.toMillis());
            Socket socket = upstream.tls() ? tls(channel.socket(), upstream) : channel.socket();
            return new UpstreamConnection(upstream, channel, socket);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Socket tls(Socket plain, Upstream upstream) throws IOException {
        SSLSocket socket = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, upstream.host(), upstream.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    Upstream upstream() {
        return upstream;
    }

    /** True when the connection came from the pool, where the upstream may have closed it meanwhile. */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Marks the connection as kept in the pool from {@code now} on. */
    void idle(long now) {
        idleSince = now;
    }

    /**
     * Takes the connection from the pool for the next request when nothing has arrived on it while it was
     * idle: an end of stream means the upstream closed it, and bytes nobody asked for mean it cannot be
     * trusted with a request either.
     */
    boolean reuse() {
        reused = true;
        try {
            if (in.available() > 0) {
                return false;
            }
            channel.configureBlocking(false);
            int read = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return read == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    void close() {
        try {
            socket.close();
            channel.close();
        } catch (IOException e) {
            // closing is all that is left to do with it
        }
    }
}
