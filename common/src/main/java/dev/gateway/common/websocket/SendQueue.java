package dev.gateway.common.websocket;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded queue of outgoing messages for one socket, written by a virtual thread of its own, so that a
 * client that does not read blocks only its own writer. When {@code capacity} messages are waiting, the
 * queue is dropped, a close with 1013 is queued, and {@code onOverflow} runs (typically to count the drop
 * and abort the socket if even the close frame cannot be written).
 */
public final class SendQueue {
    private static final AtomicInteger WRITERS = new AtomicInteger();
    private static final Object STOP = new Object();

    private final SerialSession socket;
    private final int capacity;
    private final Runnable onOverflow;
    private final Consumer<String> onSent;
    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closing;

    /** {@code onSent} sees every message once it is written, e.g. to count it. */
    public SendQueue(SerialSession socket, int capacity, Runnable onOverflow, Consumer<String> onSent) {
        this.socket = socket;
        this.capacity = capacity;
        this.onOverflow = onOverflow;
        this.onSent = onSent;
        WRITERS.incrementAndGet();
        Thread.ofVirtual().name("ws-send").start(this::write);
    }

    /** Writer threads alive in this process; back to its baseline once every socket is released. */
    public static int activeWriters() {
        return WRITERS.get();
    }

    /** Queues a text message; false when the socket is closing or the queue overflowed. */
    public boolean send(String text) {
        if (closing) {
            return false;
        }
        if (waiting.incrementAndGet() > capacity) {
            overflow();
            return false;
        }
        items.add(text);
        return true;
    }

    /** Queues a close frame after what is already queued; later messages are dropped. */
    public synchronized void close(int code, String reason) {
        if (!closing) {
            closing = true;
            items.add(new Close(code, reason));
        }
    }

    /** Ends the writer thread after what is queued (writes to a socket that is gone fail at once). */
    public synchronized void stop() {
        closing = true;
        items.add(STOP);
    }

    private synchronized void overflow() {
        if (closing) {
            return;
        }
        closing = true;
        items.clear();
        items.add(new Close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.TOO_SLOW));
        onOverflow.run();
    }

    private void write() {
        try {
            while (true) {
                Object item = items.take();
                if (item == STOP) {
                    return;
                }
                if (item instanceof Close close) {
                    socket.close(close.code(), close.reason());
                    return;
                }
                if (socket.send((String) item)) {
                    onSent.accept((String) item);
                }
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WRITERS.decrementAndGet();
        }
    }

    private record Close(int code, String reason) {
    }
}
