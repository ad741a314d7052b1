package dev.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A WebSocket client over {@code java.net.http.WebSocket} that records messages and the close frame. */
public final class TestSocket implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(URI uri, String... subprotocols) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        this.socket = builder.buildAsync(uri, new Recorder()).join();
    }

    public static TestSocket connect(URI uri, String... subprotocols) {
        return new TestSocket(uri, subprotocols);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(Object message) {
        send(Json.string(message));
    }

    /** The next text message as JSON; fails when none arrives in time. */
    public JsonNode next() {
        return next(WAIT);
    }

    /** The next text message as JSON; fails when none arrives within {@code wait}. */
    public JsonNode next(Duration wait) {
        try {
            String message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + wait + (closed.isDone() ? "; socket closed: " + closed.join() : ""));
            }
            return Json.tree(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads messages until one of {@code type} arrives. */
    public JsonNode next(String type) {
        while (true) {
            JsonNode message = next();
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /** The close frame the server sent. */
    public Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("socket not closed within " + timeout);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    public Closed awaitClose() {
        return awaitClose(WAIT);
    }

    /** True once the server's close frame arrived (or the connection failed). */
    public boolean isClosed() {
        return closed.isDone();
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    /** Drops the connection without a close frame, as a crashed client or a broken network would. */
    public void abort() {
        socket.abort();
    }

    /** The status code and reason of a close frame. */
    public record Closed(int code, String reason) {
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
