package dev.gateway.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection for the closed-loop hot path: a request is written in one
 * piece and the answer read by its {@code Content-Length} (or chunks). It costs the load generator a small
 * fraction of the CPU that {@code java.net.http} spends per request, which leaves the shared cores to the
 * gateway being measured. Reconnects by itself after the server closed the connection.
 */
public final class KeepAliveConnection implements Closeable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI target;
    private final InetAddress source;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public KeepAliveConnection(URI target, InetAddress source) {
        this.target = target;
        this.source = source;
    }

    /** A status and a body as text. */
    public record Answer(int status, String body) {
    }

    public Answer post(String path, String token, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + target.getAuthority()
                + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        if (socket == null) {
            open();
        }
        try {
            return exchange(head.getBytes(StandardCharsets.US_ASCII), body);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Answer exchange(byte[] head, byte[] body) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> closing = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        String text = chunked ? chunks() : new String(in.readNBytes((int) Math.max(length, 0)), StandardCharsets.UTF_8);
        if (closing || (!chunked && length < 0)) {
            close();
        }
        return new Answer(status, text);
    }

    private String chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers are not used by the gateway
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(TIMEOUT_MILLIS);
            if (source != null) {
                opened.bind(new InetSocketAddress(source, 0));
            }
            int port = target.getPort() > 0 ? target.getPort() : 80;
            opened.connect(new InetSocketAddress(target.getHost(), port), TIMEOUT_MILLIS);
            in = new BufferedInputStream(opened.getInputStream(), 8192);
            out = new BufferedOutputStream(opened.getOutputStream(), 8192);
            socket = opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
