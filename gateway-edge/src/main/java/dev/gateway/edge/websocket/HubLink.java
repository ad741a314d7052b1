package dev.gateway.edge.websocket;

import dev.gateway.common.websocket.CloseCodes;
import dev.gateway.common.websocket.SerialSession;
import io.helidon.common.buffers.BufferData;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The edge-to-hub leg of a proxied socket. Frames from the hub go to the client as they are, and the
 * hub's close code and reason reach the client unchanged; a hub that vanishes closes the client with
 * 1001 so that it reconnects.
 */
final class HubLink implements WebSocket.Listener {
    private final SerialSession client;
    private final StringBuilder text = new StringBuilder();
    private WebSocket hub;

    HubLink(SerialSession client) {
        this.client = client;
    }

    void attach(WebSocket hub) {
        this.hub = hub;
    }

    synchronized void sendText(String data, boolean last) {
        run(hub.sendText(data, last));
    }

    synchronized void sendBinary(ByteBuffer data, boolean last) {
        run(hub.sendBinary(data, last));
    }

    synchronized void sendPing(ByteBuffer data) {
        run(hub.sendPing(data));
    }

    synchronized void sendPong(ByteBuffer data) {
        run(hub.sendPong(data));
    }

    /** Closes the hub leg; the JDK client only sends 1000 and 3000-4999, other codes become 1000. */
    synchronized void close(int code, String reason) {
        if (hub != null && !hub.isOutputClosed()) {
            int sendable = code >= 3000 && code <= 4999 ? code : WebSocket.NORMAL_CLOSURE;
            try {
                hub.sendClose(sendable, reason).join();
            } catch (CompletionException | IllegalStateException e) {
                hub.abort();
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        client.send(data.toString(), last);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        client.send(BufferData.create(bytes), last);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        client.pong(BufferData.create(bytes));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        client.close(CloseCodes.sendable(statusCode), reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        client.close(CloseCodes.GOING_AWAY, "Going away");
    }

    private void run(java.util.concurrent.CompletableFuture<WebSocket> send) {
        try {
            send.join();
        } catch (CompletionException e) {
            client.close(CloseCodes.GOING_AWAY, "Going away");
        }
    }
}
