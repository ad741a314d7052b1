package dev.gateway.common.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.Bytes;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the connections whose first request line names another HTTP version than 1.1 (HTTP/1.0 from
 * {@code curl --http1.0}, old proxies and probes), which Helidon 4 would close without a word, and answers
 * them 505 with the API error body before closing.
 */
public final class UnsupportedHttpVersions implements ServerConnectionSelector {
    private static final Pattern REQUEST_LINE = Pattern.compile("(\\S+) (\\S+) (HTTP/\\d\\.\\d)\r?");
    private static final int MAX_HEADER_LINES = 200;

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        int lf = data.indexOf(Bytes.LF_BYTE);
        if (lf == -1) {
            return Support.UNKNOWN;
        }
        Matcher line = REQUEST_LINE.matcher(data.readString(lf, StandardCharsets.ISO_8859_1));
        return line.matches() && !line.group(3).equals("HTTP/1.1") ? Support.SUPPORTED : Support.UNSUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Refusal(ctx);
    }

    /** Reads the request's head, so that closing does not reset the answer away, and answers 505. */
    private record Refusal(ConnectionContext ctx) implements ServerConnection {
        @Override
        public void handle(Limit limit) {
            Matcher line = REQUEST_LINE.matcher(ctx.dataReader().readLine());
            if (line.matches()) {
                skipHeaders(ctx.dataReader());
                ctx.dataWriter().writeNow(answer(line.group(1), line.group(2), line.group(3)));
            }
        }

        private static void skipHeaders(DataReader reader) {
            try {
                for (int i = 0; i < MAX_HEADER_LINES && !reader.readLine().isEmpty(); i++) {
                    // only read: nothing in them changes the answer
                }
            } catch (RuntimeException e) {
                // a head cut short or malformed gets the same answer
            }
        }

        private static BufferData answer(String method, String path, String version) {
            DirectHandler.TransportResponse answer = new DirectErrors().handle(
                    DirectTransportRequest.create(version, method, path), DirectHandler.EventType.OTHER,
                    Status.HTTP_VERSION_NOT_SUPPORTED_505, ServerResponseHeaders.create(), "HTTP version not supported");
            byte[] body = answer.entity().orElse(BufferData.EMPTY_BYTES);
            ServerResponseHeaders headers = answer.headers();
            headers.set(HeaderValues.CONNECTION_CLOSE);
            headers.set(HeaderValues.create(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length)));
            BufferData bytes = BufferData.growing(256 + body.length);
            bytes.write("HTTP/1.1 505 HTTP Version Not Supported\r\n".getBytes(StandardCharsets.US_ASCII));
            for (Header header : headers) {
                header.writeHttp1Header(bytes);
            }
            bytes.write(Bytes.CR_BYTE);
            bytes.write(Bytes.LF_BYTE);
            bytes.write(body);
            return bytes;
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
        }
    }
}
