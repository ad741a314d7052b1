package dev.gateway.common.sessions;

import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;

import java.util.List;
import java.util.function.Consumer;

/**
 * Ends sessions for good: removes them from Redis, which stops their tokens everywhere, and announces
 * it so that every hub closes their sockets.
 */
public final class SessionTerminator {
    private final SessionStore sessions;
    private final ControlEvents events;
    private final Consumer<String> endedHere;

    /**
     * {@code endedHere} hears of every session this instance ends, before the event reaches anyone, so that
     * this instance's own cached session checks refuse the session's tokens at once.
     */
    public SessionTerminator(SessionStore sessions, ControlEvents events, Consumer<String> endedHere) {
        this.sessions = sessions;
        this.events = events;
        this.endedHere = endedHere;
    }

    /** Ends one session; false when it did not exist. */
    public boolean end(String sessionId, String reason) {
        return sessions.delete(sessionId)
                .map(owner -> {
                    endedHere.accept(sessionId);
                    events.publish(ControlEvent.sessionEnded(sessionId, owner, reason));
                    return true;
                })
                .orElse(false);
    }

    /** Ends every session of {@code userId}; returns how many ended. */
    public int endAll(String userId, String reason) {
        List<SessionSummary> all = sessions.listForUser(userId);
        int ended = 0;
        for (SessionSummary session : all) {
            if (end(session.sessionId(), reason)) {
                ended++;
            }
        }
        return ended;
    }
}
