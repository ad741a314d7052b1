package dev.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client at the frame level, over a plain socket: it writes masked frames byte by byte, so
 * tests can send what well-behaved clients cannot (bad UTF-8, fragmented or long control frames, reserved
 * bits, huge length headers), stop reading, or vanish with a TCP reset.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        // A frame goes out in one write, as real clients send it: header, mask and payload written apart let a
        // server that closes on a bad header reset the connection under the rest, and the test sees a broken pipe.
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens a socket and completes the handshake; fails unless the server answers 101. */
    public static RawWebSocket connect(URI uri) {
        try {
            RawWebSocket client = new RawWebSocket(new Socket(uri.getHost(), uri.getPort()));
            client.socket.setSoTimeout(10_000);
            client.handshake(uri);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handshake(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("handshake refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // skip the response headers
        }
    }

    /** Writes one masked frame; {@code flags} are the high bits of the first byte (FIN 0x80, RSV 0x70). */
    public void frame(int flags, int opcode, byte[] payload) {
        try {
            out.write(header(flags | opcode, payload.length));
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            out.write(mask);
            byte[] masked = payload.clone();
            for (int i = 0; i < masked.length; i++) {
                masked[i] ^= mask[i & 3];
            }
            out.write(masked);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A final frame without a mask, which clients must never send. */
    public void unmasked(int opcode, byte[] payload) {
        try {
            byte[] header = header(0x80 | opcode, payload.length);
            header[1] &= 0x7F;
            out.write(header);
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A final frame. */
    public void frame(int opcode, byte[] payload) {
        frame(0x80, opcode, payload);
    }

    public void text(String text) {
        frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(Object message) {
        text(Json.string(message));
    }

    /** Writes only a frame header that announces {@code length} bytes, and a mask; no payload follows. */
    public void announce(int opcode, long length) {
        try {
            out.write(header(0x80 | opcode, length));
            out.write(new byte[4]);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame from the server. */
    public Frame read() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server in time", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text message as JSON, answering nothing and skipping control frames. */
    public JsonNode next() {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == TEXT) {
                return Json.tree(frame.text());
            }
            if (frame.opcode() == CLOSE) {
                throw new AssertionError("closed: " + frame.closeCode() + " " + frame.closeReason());
            }
        }
    }

    /** Reads until the server's close frame and returns it; fails on end of stream without one. */
    public Frame awaitClose(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            while (true) {
                Frame frame = read();
                if (frame.opcode() == CLOSE) {
                    return frame;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Frame awaitClose() {
        return awaitClose(Duration.ofSeconds(10));
    }

    /** True when the server ended the TCP connection (end of stream or reset) within {@code timeout}. */
    public boolean disconnectedWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            while (in.read() >= 0) {
                // drain what the server sent before it went away
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Vanishes with a TCP reset, as a crashed client or a dropped NAT entry would look to the server. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket's receive buffer size, to size a flood that outgrows it. */
    public void receiveBuffer(int bytes) {
        try {
            socket.setReceiveBufferSize(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] header(int first, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(first);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length < 1 << 16) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        return header.toByteArray();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** One server frame. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }
}
