package dev.gateway.edge;

import dev.gateway.common.server.RunningService;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** Edges for tests: stacks whose shared limits suit tests, and edges whose every upstream is one stub. */
public final class TestEdges {
    private TestEdges() {
    }

    /**
     * A stack on {@code redis} with {@code settings}. Every test client is 127.0.0.1 and test classes share
     * Redis, so the login limit is lifted unless a test sets it (rate limits are tested on their own Redis).
     */
    public static GatewayStack stack(TestRedis redis, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(Map.of("RATE_LIMIT_LOGIN_PER_IP", "100000"));
        values.putAll(settings);
        return GatewayStack.on(redis, values);
    }

    /** An edge of {@code stack} whose auth, session and hub upstreams are all {@code stub}. */
    public static RunningService startEdge(GatewayStack stack, String id, StubBackend stub) {
        return startEdge(stack, id, stub, Map.of());
    }

    /** As above, with settings of this edge only. */
    public static RunningService startEdge(GatewayStack stack, String id, StubBackend stub, Map<String, String> extra) {
        String url = stub.url().toString();
        Map<String, String> values = new HashMap<>(Map.of("AUTH_SERVICE_URLS", url, "SESSION_SERVICE_URLS", url, "WS_HUB_URLS", url));
        values.putAll(extra);
        return stack.start(id, "DEFAULT_PORT", Main::start, values);
    }

    /** A URL where nothing listens: the port was free a moment ago, so connections are refused. */
    public static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
