package dev.gateway.edge;

import dev.gateway.common.server.RunningService;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;

import java.net.URI;
import java.util.Map;

/** The four real services behind one edge, for end-to-end tests (this module's and the benchmark's smoke test). */
public final class EdgeStack implements AutoCloseable {
    final GatewayStack stack;
    final RunningService edge;
    private final RunningService session;
    private final RunningService hub;

    private EdgeStack(GatewayStack stack, RunningService edge, RunningService session, RunningService hub) {
        this.stack = stack;
        this.edge = edge;
        this.session = session;
        this.hub = hub;
    }

    public static EdgeStack start(TestRedis redis, Map<String, String> settings) {
        GatewayStack stack = TestEdges.stack(redis, settings);
        RunningService auth = stack.start("auth-1", "AUTH_PORT", dev.gateway.auth.Main::start);
        RunningService session = stack.start("session-1", "SESSION_PORT", dev.gateway.session.Main::start);
        RunningService hub = stack.start("hub-1", "WS_HUB_PORT", dev.gateway.hub.Main::start);
        RunningService edge = stack.start("edge-1", "DEFAULT_PORT", Main::start, Map.of(
                "AUTH_SERVICE_URLS", GatewayStack.urls(auth),
                "SESSION_SERVICE_URLS", GatewayStack.urls(session),
                "WS_HUB_URLS", GatewayStack.urls(hub)));
        return new EdgeStack(stack, edge, session, hub);
    }

    public URI http() {
        return GatewayStack.http(edge);
    }

    /** The session-service behind the edge, for benchmarks that bypass the edge. */
    public URI sessionService() {
        return GatewayStack.http(session);
    }

    /** The ws-hub behind the edge, for benchmarks that bypass the edge. */
    public URI hub() {
        return GatewayStack.http(hub);
    }

    public URI ws(String pathAndQuery) {
        return GatewayStack.ws(edge, pathAndQuery);
    }

    @Override
    public void close() {
        stack.close();
    }
}
