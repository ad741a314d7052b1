package dev.gateway.edge.routing;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * An upstream's answer: its status line and headers read, its body framed by {@code Content-Length},
 * chunked coding or the end of the connection. Closing it gives the connection back to the pool when the
 * body was read to its end and both sides keep the connection; any other connection is closed.
 */
public final class UpstreamResponse implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final int status;
    private final WritableHeaders<?> headers;
    private final OptionalLong contentLength;
    private final UpstreamBody body;
    private final UpstreamConnection connection;
    private final UpstreamConnections pool;
    private final boolean keepAlive;

    private UpstreamResponse(int status, WritableHeaders<?> headers, OptionalLong contentLength, UpstreamBody body,
                             boolean keepAlive, UpstreamConnection connection, UpstreamConnections pool) {
        this.status = status;
        this.headers = headers;
        this.contentLength = contentLength;
        this.body = body;
        this.keepAlive = keepAlive;
        this.connection = connection;
        this.pool = pool;
    }

    /**
     * Reads the final answer on {@code connection} (informational 1xx answers are skipped); an answer that
     * is not HTTP/1.x is a {@link ProtocolException}. {@code bodiless}: the request was a {@code HEAD};
     * {@code reusable}: false when the request itself leaves the connection unfit for another one.
     */
    static UpstreamResponse read(UpstreamConnection connection, boolean bodiless, boolean reusable,
                                 UpstreamConnections pool) throws IOException {
        InputStream in = connection.input();
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new NoAnswerException();
            }
            int status = status(statusLine);
            WritableHeaders<?> headers = headers(in);
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            boolean closes = ForwardedHeaders.namedInConnection(headers).contains("close");
            OptionalLong length = contentLength(headers);
            boolean coded = headers.contains(HeaderNames.TRANSFER_ENCODING);
            // RFC 9112 6.3: chunked as the last coding frames the body, any other coding lasts until the close,
            // and a message with both a coding and a length may be an attack: it ends its connection
            UpstreamBody body = bodiless || status == 204 || status == 304 ? UpstreamBody.empty()
                    : chunked(headers) ? UpstreamBody.chunked(in)
                    : coded ? UpstreamBody.untilClose(in)
                    : length.isPresent() ? UpstreamBody.fixed(in, length.getAsLong())
                    : UpstreamBody.untilClose(in);
            boolean keepAlive = reusable && !http10 && !closes && body.framed() && !(coded && length.isPresent());
            return new UpstreamResponse(status, headers, length, body, keepAlive, connection, pool);
        }
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    /** The body's declared length; empty for a chunked body or one that lasts until the connection ends. */
    public OptionalLong contentLength() {
        return body.framed() && !chunked(headers) ? contentLength : OptionalLong.empty();
    }

    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        if (keepAlive && body.complete()) {
            pool.release(connection);
        } else {
            connection.close();
        }
    }

    private static int status(String line) throws ProtocolException {
        // "HTTP/1.1 200 OK": the reason may be empty or missing
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("Not an HTTP/1.x status line: " + abbreviated(line));
        }
        try {
            int status = Integer.parseInt(line, 9, 12, 10);
            if (status < 100 || status > 999) {
                throw new NumberFormatException();
            }
            return status;
        } catch (NumberFormatException e) {
            throw new ProtocolException("Not an HTTP status code: " + abbreviated(line));
        }
    }

    private static WritableHeaders<?> headers(InputStream in) throws IOException {
        WritableHeaders<?> headers = WritableHeaders.create();
        for (int count = 0; ; count++) {
            String line = line(in);
            if (line == null) {
                throw new ProtocolException("The upstream closed the connection inside the response headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (count >= MAX_HEADERS || colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new ProtocolException("Malformed or too many response headers: " + abbreviated(line));
            }
            headers.add(HeaderValues.create(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
    }

    private static OptionalLong contentLength(Headers headers) throws ProtocolException {
        List<String> values = headers.all(HeaderNames.CONTENT_LENGTH, List::of);
        if (values.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(values.getFirst());
            if (length < 0 || values.stream().anyMatch(value -> !value.equals(values.getFirst()))) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(length);
        } catch (NumberFormatException e) {
            throw new ProtocolException("Invalid Content-Length " + values);
        }
    }

    private static boolean chunked(Headers headers) {
        List<String> values = headers.all(HeaderNames.TRANSFER_ENCODING, List::of);
        if (values.isEmpty()) {
            return false;
        }
        String[] codings = values.getLast().split(",");
        return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    /** One line without its CRLF (a bare LF also ends it), or null at the end of the stream before any byte. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new ProtocolException("The upstream closed the connection inside a line");
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("A response line over " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String abbreviated(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    /** The connection ended before the first byte of an answer: on a reused connection, the upstream closed it idle. */
    static final class NoAnswerException extends IOException {
        NoAnswerException() {
            super("The upstream closed the connection without answering");
        }
    }
}
