package dev.gateway.edge.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client socket for proxy tests that need what the shared TestSocket does not offer: closing with a chosen
 * code, dropping the connection without a close frame, and raw text frames.
 */
public final class ClientSocket implements WebSocket.Listener {
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket socket;

    private ClientSocket(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this).join();
    }

    public static ClientSocket connect(URI uri) {
        return new ClientSocket(uri);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public String next() throws InterruptedException {
        return texts.poll(5, TimeUnit.SECONDS);
    }

    public void close(int code, String reason) {
        socket.sendClose(code, reason).join();
    }

    /** Drops the connection without a close frame, as a client that loses its network does. */
    public void drop() {
        socket.abort();
    }

    /** The close code received within {@code timeout}. */
    public int awaitCloseCode(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS)[0];
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        texts.add(data.toString());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.complete(reason);
        closeCode.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason.complete(String.valueOf(error));
        closeCode.complete(new int[] {1006});
    }
}
