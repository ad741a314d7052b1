package dev.gateway.common.websocket;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session that may be written from several threads: Helidon's {@link WsSession} shares one
 * send buffer, so writes are serialised here. After the first close, further writes are dropped.
 */
public final class SerialSession {
    private static final Logger LOG = Logger.getLogger(SerialSession.class.getName());

    private final WsSession session;
    private boolean closed;

    public SerialSession(WsSession session) {
        this.session = session;
    }

    /** Sends a text message; false when the socket is closed or the write failed. */
    public synchronized boolean send(String text) {
        return write(() -> session.send(text, true));
    }

    public synchronized boolean send(String text, boolean last) {
        return write(() -> session.send(text, last));
    }

    public synchronized boolean send(BufferData data, boolean last) {
        return write(() -> session.send(data, last));
    }

    public synchronized boolean ping(BufferData data) {
        return write(() -> session.ping(data));
    }

    public synchronized boolean pong(BufferData data) {
        return write(() -> session.pong(data));
    }

    /** Sends a close frame once; later calls do nothing. */
    public synchronized void close(int code, String reason) {
        if (!closed) {
            write(() -> session.close(code, reason));
            closed = true;
        }
    }

    /**
     * Drops the connection at once without taking the write lock, which a writer blocked on a client that
     * does not read may hold. Meant for {@link StrictWsConnection}; Helidon's own session cannot be
     * aborted from another thread.
     */
    public void abort() {
        session.terminate();
    }

    /** Records that the peer closed or the connection broke, so nothing more is written. */
    public synchronized void markClosed() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private boolean write(Runnable write) {
        if (closed) {
            return false;
        }
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            closed = true;
            LOG.log(Level.FINE, "WebSocket write failed", e);
            return false;
        }
    }
}
