package dev.gateway.bench.scenario;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One benchmark WebSocket: hands each complete text message to a handler, answers the server's JSON pings,
 * and serialises sends (the JDK client allows one outstanding send at a time).
 */
final class BenchSocket implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Consumer<String> handler = message -> { };
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private WebSocket socket;

    void attach(WebSocket socket) {
        this.socket = socket;
    }

    void onMessage(Consumer<String> handler) {
        this.handler = handler;
    }

    CompletableFuture<Void> welcomed() {
        return welcomed;
    }

    synchronized void send(String text) {
        sending = sending.handle((ignored, error) -> null).thenCompose(ignored -> socket.sendText(text, true));
    }

    void close() {
        synchronized (this) {
            sending = sending.handle((ignored, error) -> null)
                    .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (message.startsWith("{\"type\":\"connected\"")) {
                welcomed.complete(null);
            } else if (message.startsWith("{\"type\":\"ping\"")) {
                send("{\"type\":\"pong\"}");
            } else {
                handler.accept(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        welcomed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        welcomed.completeExceptionally(error);
        closed.complete(1006);
    }
}
