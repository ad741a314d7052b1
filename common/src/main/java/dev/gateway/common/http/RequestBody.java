package dev.gateway.common.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The request body as a stream whose failures are the caller's fault, not the server's: a body that breaks
 * off early or whose chunks are malformed is a 400 that closes the connection
 * ({@link RequestFraming#unreadableBody}). Closing the stream does nothing: Helidon's own stream would read
 * on to the end of the body, which after a broken chunk means waiting for bytes that never come.
 */
public final class RequestBody extends InputStream {
    private final InputStream body;

    private RequestBody(InputStream body) {
        this.body = body;
    }

    public static InputStream of(ServerRequest request) {
        return new RequestBody(request.content().inputStream());
    }

    /** The whole body; the caller bounds its size. */
    public static byte[] readAll(ServerRequest request) {
        try {
            return of(request).readAllBytes();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public int read() {
        return guarded(body::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        return guarded(() -> body.read(buffer, offset, length));
    }

    @Override
    public void close() {
    }

    private static int guarded(Read read) {
        try {
            return read.read();
        } catch (IOException | UncheckedIOException | RequestException | DataReader.InsufficientDataAvailableException
                 | DataReader.IncorrectNewLineException | NumberFormatException e) {
            // what Helidon 4.2's reader throws for bytes that are not a body: an early end, a chunk line without
            // CRLF, a chunk size that is not hex (NumberFormatException), a chunk without its terminator
            throw unreadable(e);
        }
    }

    private static ApiException unreadable(Exception cause) {
        ApiException e = RequestFraming.unreadableBody("The request body could not be read: it ended early or its chunks are malformed");
        e.initCause(cause);
        return e;
    }

    private interface Read {
        int read() throws IOException;
    }
}
