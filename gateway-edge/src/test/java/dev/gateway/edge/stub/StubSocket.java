package dev.gateway.edge.stub;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Headers;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One backend socket: echoes text frames, answers control pings with their payload, and right after opening
 * closes with code N when the query has {@code session_id=close-N} (the edge passes only session id and token
 * on). Records the close code it received.
 */
public final class StubSocket implements WsListener {
    private final CompletableFuture<String> query = new CompletableFuture<>();
    private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private volatile WsSession session;

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        query.complete(prologue.query().rawValue());
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        String raw = query.getNow("");
        if (raw.matches(".*session_id=close-\\d{4}.*")) {
            int code = Integer.parseInt(raw.replaceAll(".*session_id=close-(\\d{4}).*", "$1"));
            session.close(code, "Backend says " + code);
        }
    }

    @Override
    public synchronized void onMessage(WsSession session, String text, boolean last) {
        session.send("echo:" + text, last);
    }

    @Override
    public synchronized void onPing(WsSession session, BufferData buffer) {
        session.pong(buffer);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        closedWith.complete(status);
    }

    /** Closes this socket from the backend side, as a draining hub does. */
    public synchronized void close(int code, String reason) {
        session.close(code, reason);
    }

    /** The query string of the upgrade request. */
    public String query() {
        return query.getNow(null);
    }

    /** The close code received from the edge, waiting up to {@code seconds}. */
    public int awaitClose(long seconds) throws Exception {
        return closedWith.get(seconds, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closedWith.isDone();
    }
}
