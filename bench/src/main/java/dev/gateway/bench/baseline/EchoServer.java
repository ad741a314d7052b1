package dev.gateway.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The bare Helidon WebSocket baseline: a stock Helidon 4 SE server whose {@code /ws/connect} welcomes each
 * socket and answers every text frame as the hub answers {@code update_api_key} (the same ack, of about the
 * same size), with no token check, no Redis and no registry. Run in a process of its own ({@link #spawn}),
 * so that it shares the cores but not the load generator's JVM.
 */
public final class EchoServer {
    public static final String NAME = "ws-echo";

    private EchoServer() {
    }

    /** {@code EchoServer <port>}: serves until the process is stopped. */
    public static void main(String[] args) {
        WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                // As every gateway service does: replies are small and must not wait for a delayed ACK.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .addRouting(WsRouting.builder().endpoint("/ws/connect", EchoListener::new))
                .build()
                .start();
    }

    /** Starts the server in a new JVM of this benchmark's classpath, on a free port, its output in {@code log}. */
    public static ChildServer spawn(Path log) throws IOException, InterruptedException {
        int port = ChildServer.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The services' default heap (GATEWAY_JAVA_OPTS in ./gateway).
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                EchoServer.class.getName(), Integer.toString(port));
        return ChildServer.start(NAME, command, port, 0, log);
    }

    /** One socket: the welcome, then one ack per (whole) text message. */
    private static final class EchoListener implements WsListener {
        private final StringBuilder partial = new StringBuilder();
        private String sessionId = "";

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
            sessionId = prologue.query().first("session_id").asOptional().orElse("");
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            session.send(Json.object().put("type", "connected").put("message", "WebSocket connection established")
                    .put("session_id", sessionId).put("gateway_id", NAME).toString(), true);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            partial.append(text);
            if (last) {
                JsonNode message = Json.tree(partial.toString());
                partial.setLength(0);
                session.send(ack(message.path("key").asText(), sessionId), true);
            }
        }

        /** The hub's ack to update_api_key, field for field (ws-hub's HubMessages.ack). */
        private static String ack(String apiKey, String sessionId) {
            ObjectNode ack = Json.object()
                    .put("type", "ack")
                    .put("message", "API key update acknowledged")
                    .put("api_key", apiKey)
                    .put("session_id", sessionId)
                    .put("gateway_id", NAME);
            ack.putNull("data");
            return ack.toString();
        }
    }
}
