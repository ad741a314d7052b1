package dev.gateway.session.events;

import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.tokens.Principal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One client's event stream: the events waiting to be written to it, until it ends. */
final class EventStream implements AutoCloseable {
    /** A client that reads this slowly is dropped rather than holding memory without bound. */
    private static final int MAX_WAITING = 1000;
    private static final UserEvent END = new UserEvent("", null, "");

    private final Principal principal;
    private final Consumer<EventStream> onClose;
    private final BlockingQueue<UserEvent> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private volatile boolean ended;

    EventStream(Principal principal, Consumer<EventStream> onClose) {
        this.principal = principal;
        this.onClose = onClose;
    }

    String userId() {
        return principal.userId();
    }

    String sessionId() {
        return principal.sessionId();
    }

    void offer(UserEvent event) {
        if (!waiting.offer(event)) {
            end();
        }
    }

    /** Ends the stream: its session ended, the server stops, or the client fell too far behind. */
    void end() {
        ended = true;
        waiting.clear();
        waiting.offer(END);
    }

    boolean ended() {
        return ended;
    }

    /** The next event, or empty when none came within {@code wait} (or the stream ended). */
    Optional<UserEvent> next(Duration wait) throws InterruptedException {
        UserEvent event = waiting.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        return event == null || event == END ? Optional.empty() : Optional.of(event);
    }

    @Override
    public void close() {
        ended = true;
        onClose.accept(this);
    }
}
