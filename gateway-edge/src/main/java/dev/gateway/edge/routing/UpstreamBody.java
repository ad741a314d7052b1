package dev.gateway.edge.routing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * A response body as its framing delimits it on the connection: a fixed length, chunked coding (decoded
 * here; trailers are read and dropped), or everything until the upstream closes. The stream ends where the
 * body ends, so the connection is ready for the next answer once {@link #complete()} is true.
 */
abstract class UpstreamBody extends InputStream {
    private boolean complete;

    static UpstreamBody empty() {
        return fixed(InputStream.nullInputStream(), 0);
    }

    static UpstreamBody fixed(InputStream in, long length) {
        return new Fixed(in, length);
    }

    static UpstreamBody chunked(InputStream in) {
        return new Chunked(in);
    }

    static UpstreamBody untilClose(InputStream in) {
        return new UntilClose(in);
    }

    /** False when only the end of the connection ends the body, which then cannot carry another answer. */
    boolean framed() {
        return true;
    }

    /** True once the stream has returned its end. */
    boolean complete() {
        return complete;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (complete) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int read = next(buffer, offset, length);
        if (read < 0) {
            complete = true;
        }
        return read;
    }

    /** Up to {@code length} more body bytes, -1 at the body's end. */
    abstract int next(byte[] buffer, int offset, int length) throws IOException;

    private static final class Fixed extends UpstreamBody {
        private final InputStream in;
        private long remaining;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        int next(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read < 0) {
                throw new ProtocolException("The upstream closed the connection " + remaining + " bytes before the body's end");
            }
            remaining -= read;
            return read;
        }
    }

    private static final class Chunked extends UpstreamBody {
        private final InputStream in;
        private long inChunk;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        int next(byte[] buffer, int offset, int length) throws IOException {
            if (inChunk == 0) {
                inChunk = size(UpstreamResponse.line(in));
                if (inChunk == 0) {
                    skipTrailers();
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, inChunk));
            if (read < 0) {
                throw new ProtocolException("The upstream closed the connection inside a chunk");
            }
            inChunk -= read;
            if (inChunk == 0 && !"".equals(UpstreamResponse.line(in))) {
                throw new ProtocolException("A chunk without its CRLF");
            }
            return read;
        }

        private static long size(String line) throws ProtocolException {
            if (line == null) {
                throw new ProtocolException("The upstream closed the connection before the last chunk");
            }
            int extension = line.indexOf(';');
            String hex = (extension < 0 ? line : line.substring(0, extension)).strip();
            try {
                long size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new NumberFormatException();
                }
                return size;
            } catch (NumberFormatException e) {
                throw new ProtocolException("Not a chunk size: " + line);
            }
        }

        private void skipTrailers() throws IOException {
            for (String line = UpstreamResponse.line(in); line != null && !line.isEmpty(); line = UpstreamResponse.line(in)) {
                // trailers are hop-by-hop here: the edge does not pass them on
            }
        }
    }

    private static final class UntilClose extends UpstreamBody {
        private final InputStream in;

        UntilClose(InputStream in) {
            this.in = in;
        }

        @Override
        boolean framed() {
            return false;
        }

        @Override
        int next(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }
    }
}
