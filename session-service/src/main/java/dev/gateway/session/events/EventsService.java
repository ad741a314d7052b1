package dev.gateway.session.events;

import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /sessions/events}: the user's pushes as Server-Sent Events, each with its event id, so that a
 * client reconnecting with {@code Last-Event-ID} first receives what it missed (within the event log's
 * window). The stream ends when its session ends.
 */
public final class EventsService implements HttpService {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    /** Comment lines keep proxies from timing the stream out, and notice a session that expired. */
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final EventStreams streams;
    private final Authenticator authenticator;
    private final SessionStore sessions;

    public EventsService(EventStreams streams, Authenticator authenticator, SessionStore sessions) {
        this.streams = streams;
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/events", this::events);
    }

    private void events(ServerRequest request, ServerResponse response) throws IOException, InterruptedException {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        Optional<String> lastEventId = request.headers().first(LAST_EVENT_ID);
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        // Registered before the missed events are read, so nothing published in between is lost.
        try (EventStream stream = streams.open(principal); OutputStream out = response.outputStream()) {
            write(out, ": connected\n\n");
            String last = lastEventId.orElse(null);
            if (last != null) {
                for (UserEvent missed : streams.userEvents().after(principal.userId(), last)) {
                    last = send(out, missed);
                }
            }
            pump(stream, out, principal, last);
        } catch (UncheckedIOException gone) {
            // the client went away
        }
    }

    private void pump(EventStream stream, OutputStream out, Principal principal, String last) throws InterruptedException {
        while (!stream.ended()) {
            Optional<UserEvent> event = stream.next(KEEPALIVE);
            if (event.isPresent()) {
                String id = event.get().eventId();
                if (last == null || id == null || UserEvents.compareIds(id, last) > 0) {
                    last = send(out, event.get());
                }
            } else if (!stream.ended()) {
                if (sessions.owner(principal.sessionId()).isEmpty()) {
                    return;
                }
                write(out, ": keepalive\n\n");
            }
        }
    }

    private static String send(OutputStream out, UserEvent event) {
        StringBuilder frame = new StringBuilder();
        if (event.eventId() != null) {
            frame.append("id: ").append(event.eventId()).append('\n');
        }
        // Event payloads are single-line JSON; split anyway so a newline can never end the frame early.
        for (String line : event.message().split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        write(out, frame.append('\n').toString());
        return event.eventId();
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
