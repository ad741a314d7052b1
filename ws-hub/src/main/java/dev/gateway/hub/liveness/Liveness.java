package dev.gateway.hub.liveness;

import dev.gateway.common.config.Settings.WebSocketSettings;

/**
 * When a socket last showed signs of life and whether it owes us a pong. Any frame from the client is
 * activity; a JSON pong, a control pong or a control ping answers our ping.
 */
public final class Liveness {
    /** What the monitor should do with a socket now. */
    public enum Verdict { ALIVE, PING, PONG_TIMEOUT, INACTIVE }

    private volatile long lastActivityNanos;
    private volatile long lastPingNanos;
    private volatile long awaitingPongSinceNanos;

    public Liveness(long nowNanos) {
        this.lastActivityNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public void activity(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    public void answered(long nowNanos) {
        lastActivityNanos = nowNanos;
        awaitingPongSinceNanos = 0;
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    Verdict check(long nowNanos, WebSocketSettings settings) {
        long awaiting = awaitingPongSinceNanos;
        if (awaiting != 0 && nowNanos - awaiting >= settings.pongTimeout().toNanos()) {
            return Verdict.PONG_TIMEOUT;
        }
        if (nowNanos - lastActivityNanos >= settings.inactivityTimeout().toNanos()) {
            return Verdict.INACTIVE;
        }
        if (nowNanos - lastPingNanos >= settings.pingInterval().toNanos()) {
            lastPingNanos = nowNanos;
            if (awaiting == 0) {
                awaitingPongSinceNanos = nowNanos;
            }
            return Verdict.PING;
        }
        return Verdict.ALIVE;
    }
}
