package dev.gateway.edge;

import dev.gateway.edge.stub.StubBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;

import java.util.Map;

/** What most edge tests start once: a stack on the shared Redis, a stub backend and a token issuer, closed together. */
public record StubbedStack(GatewayStack stack, StubBackend stub, TestTokens tokens) implements AutoCloseable {
    /** A stack with {@code settings} ({@link TestEdges#stack}). */
    public static StubbedStack start(Map<String, String> settings) {
        StubBackend stub = StubBackend.start();
        GatewayStack stack = TestEdges.stack(TestRedis.shared(), settings);
        return new StubbedStack(stack, stub, TestTokens.of(stack));
    }

    @Override
    public void close() {
        stack.close();
        tokens.close();
        stub.close();
    }
}
