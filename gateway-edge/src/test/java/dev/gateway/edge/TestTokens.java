package dev.gateway.edge;

import dev.gateway.common.config.SettingsParser;
import dev.gateway.common.server.CommonServices;
import dev.gateway.testing.GatewayStack;

import java.util.Map;

/** Real access tokens with live sessions in the stack's Redis, for edge tests that run without auth-service. */
public final class TestTokens implements AutoCloseable {
    private final CommonServices common;

    private TestTokens(CommonServices common) {
        this.common = common;
    }

    public static TestTokens of(GatewayStack stack) {
        return new TestTokens(CommonServices.create(SettingsParser.parse(Map.of(
                "REDIS_URL", stack.setting("REDIS_URL"), "SECRET_KEY", stack.setting("SECRET_KEY")))));
    }

    /** A token of a new live session of {@code user}. */
    public Issued issue(String user, String role) {
        String sessionId = common.sessions().create(user, null, null).orElseThrow().sessionId();
        return new Issued(common.tokens().issue(user, role, sessionId).token(), sessionId);
    }

    /** Ends the session as logout does: deleted, and announced so that cached checks are dropped. */
    public void endSession(String sessionId) {
        common.terminator().end(sessionId, "Logged out");
    }

    public record Issued(String token, String sessionId) {
    }

    @Override
    public void close() {
        common.close();
    }
}
