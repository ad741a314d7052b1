package dev.gateway.common.websocket;

import dev.gateway.common.websocket.FrameReader.Frame;
import dev.gateway.common.websocket.FrameReader.Violation;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.SocketContext;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A server WebSocket connection that enforces RFC 6455 where Helidon's own connection does not: invalid
 * frames close with 1002, text that is not UTF-8 with 1007, messages over the limit with 1009 before they
 * are read. The listener receives whole messages only ({@code last} is always true), and its
 * {@code onClose} is called exactly once, also when the peer vanishes (code 1006).
 */
public final class StrictWsConnection implements ServerConnection, WsSession {
    /** How long a peer may take to answer our close frame before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int ABNORMAL = 1006;
    private static final int NO_STATUS = 1005;
    private static final Logger LOG = Logger.getLogger(StrictWsConnection.class.getName());

    private final ConnectionContext ctx;
    private final WsListener listener;
    private final Headers upgradeHeaders;
    private final FrameReader frames;
    private final AtomicBoolean closeNotified = new AtomicBoolean();
    private volatile boolean closeSent;
    private boolean sendingFragments;
    private volatile boolean finished;
    private volatile long lastReadNanos = System.nanoTime();

    StrictWsConnection(ConnectionContext ctx, WsListener listener, Headers upgradeHeaders, int maxMessageBytes) {
        this.ctx = ctx;
        this.listener = listener;
        this.upgradeHeaders = upgradeHeaders;
        this.frames = new FrameReader(ctx.dataReader(), maxMessageBytes);
    }

    @Override
    public void handle(Limit limit) {
        try {
            call(() -> listener.onOpen(this));
            readMessages();
            // Ends here after the peer's close frame (already reported) or when aborted between two frames.
            notifyClosed(ABNORMAL, "Connection lost");
        } catch (Violation violation) {
            close(violation.code(), violation.getMessage());
            notifyClosed(violation.code(), violation.getMessage());
        } catch (RuntimeException e) {
            // End of stream, reset, or the socket was aborted: the peer is gone.
            notifyClosed(ABNORMAL, "Connection lost");
        } finally {
            finished = true;
        }
    }

    private void readMessages() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageType = -1;
        while (!finished) {
            Frame frame = frames.next(message.size());
            lastReadNanos = System.nanoTime();
            if (frame.isControl()) {
                if (!control(frame)) {
                    return;
                }
                continue;
            }
            if (frame.opcode() == FrameReader.CONTINUATION) {
                if (messageType < 0) {
                    throw new Violation(CloseCodes.PROTOCOL_ERROR, "Unexpected continuation frame");
                }
            } else if (messageType >= 0) {
                throw new Violation(CloseCodes.PROTOCOL_ERROR, "Expected a continuation frame");
            } else {
                messageType = frame.opcode();
            }
            message.writeBytes(frame.payload());
            if (frame.fin()) {
                deliver(messageType, message.toByteArray());
                message.reset();
                messageType = -1;
            }
        }
    }

    /** Handles a control frame; false when it was the peer's close frame. */
    private boolean control(Frame frame) {
        BufferData payload = BufferData.create(frame.payload());
        switch (frame.opcode()) {
            case FrameReader.PING -> call(() -> listener.onPing(this, payload));
            case FrameReader.PONG -> call(() -> listener.onPong(this, payload));
            default -> {
                peerClosed(frame.payload());
                return false;
            }
        }
        return true;
    }

    private void peerClosed(byte[] payload) {
        if (payload.length == 1) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Invalid close frame");
        }
        int code = payload.length == 0 ? NO_STATUS : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (payload.length > 0 && CloseCodes.sendable(code) != code) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Invalid close code " + code);
        }
        String reason = payload.length > 2 ? utf8(payload, 2) : "";
        close(code == NO_STATUS ? CloseCodes.NORMAL : code, "");
        notifyClosed(code, reason);
    }

    private void deliver(int type, byte[] payload) {
        if (closeSent) {
            return;
        }
        if (type == FrameReader.TEXT) {
            String text = utf8(payload, 0);
            call(() -> listener.onMessage(this, text, true));
        } else {
            call(() -> listener.onMessage(this, BufferData.create(payload), true));
        }
    }

    /** A listener that fails closes the socket with 1011 rather than dropping it without a close frame. */
    private static void call(Runnable callback) {
        try {
            callback.run();
        } catch (Violation violation) {
            throw violation;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "WebSocket listener failed", e);
            throw new Violation(CloseCodes.INTERNAL_ERROR, "Internal error");
        }
    }

    private static String utf8(byte[] bytes, int offset) {
        return decodeUtf8(bytes, offset).orElseThrow(() -> new Violation(CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8"));
    }

    /** {@code bytes} from {@code offset} as text; empty when they are not valid UTF-8. */
    public static Optional<String> decodeUtf8(byte[] bytes, int offset) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private void notifyClosed(int code, String reason) {
        if (closeNotified.compareAndSet(false, true)) {
            listener.onClose(this, code, reason);
        }
    }

    @Override
    public WsSession send(String text, boolean last) {
        return write(FrameReader.TEXT, last, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public WsSession send(BufferData data, boolean last) {
        byte[] bytes = new byte[data.available()];
        data.read(bytes);
        return write(FrameReader.BINARY, last, bytes);
    }

    @Override
    public WsSession ping(BufferData data) {
        return write(FrameReader.PING, true, data.readBytes());
    }

    @Override
    public WsSession pong(BufferData data) {
        return write(FrameReader.PONG, true, data.readBytes());
    }

    /** Sends a close frame once; a peer that does not answer within {@link #CLOSE_GRACE} is dropped. */
    @Override
    public WsSession close(int code, String reason) {
        synchronized (this) {
            if (closeSent) {
                return this;
            }
            closeSent = true;
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (CloseCodes.sendable(code) >> 8);
        payload[1] = (byte) CloseCodes.sendable(code);
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        try {
            writeFrame(FrameReader.CLOSE, true, payload);
        } finally {
            Thread.ofVirtual().start(() -> {
                sleep(CLOSE_GRACE);
                abort();
            });
        }
        return this;
    }

    @Override
    public WsSession terminate() {
        abort();
        return this;
    }

    /** Drops the TCP connection without a closing handshake, e.g. when the peer stopped reading. */
    public void abort() {
        if (!finished) {
            finished = true;
            ctx.serverSocket().close();
        }
    }

    @Override
    public Optional<String> subProtocol() {
        return upgradeHeaders.first(HandshakeToken.PROTOCOL);
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastReadNanos);
    }

    @Override
    public void close(boolean interrupt) {
        abort();
    }

    private WsSession write(int opcode, boolean last, byte[] payload) {
        if (closeSent) {
            throw new IllegalStateException("WebSocket is closing");
        }
        return writeFrame(opcode, last, payload);
    }

    /** Frames are written whole under one lock; later fragments of a message go out as continuations. */
    private synchronized WsSession writeFrame(int opcode, boolean last, byte[] payload) {
        boolean control = (opcode & 0x8) != 0;
        int sent = !control && sendingFragments ? FrameReader.CONTINUATION : opcode;
        if (!control) {
            sendingFragments = !last;
        }
        BufferData frame = BufferData.create(payload.length + 10);
        frame.write((last ? 0x80 : 0) | sent);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 1 << 16) {
            frame.write(126);
            frame.writeInt16(payload.length);
        } else {
            frame.write(127);
            frame.writeInt32(0);
            frame.writeInt32(payload.length);
        }
        frame.write(payload);
        ctx.dataWriter().writeNow(frame);
        return this;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
