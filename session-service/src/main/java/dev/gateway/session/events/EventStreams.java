package dev.gateway.session.events;

import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.events.ControlEvent;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.tokens.Principal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event streams this instance holds. To the rest of the gateway the instance looks like one more hub
 * ({@code sse:<instance id>}): streams are entered in the users' connection records, so per-user events
 * reach this instance, and a heartbeat keeps those entries valid while it lives.
 */
public final class EventStreams implements AutoCloseable {
    /** Connection-record entries of event streams start with this, so readers can tell them from hubs. */
    public static final String HUB_PREFIX = "sse:";
    private static final Logger LOG = Logger.getLogger(EventStreams.class.getName());
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final ConnectionRecords records;
    private final UserEvents userEvents;
    private final ControlEvents controlEvents;
    private final String hubId;
    private final Map<String, Set<EventStream>> byUser = new ConcurrentHashMap<>();
    private final String userSubscription;
    private final String controlSubscription;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("event-streams-heartbeat").factory());

    public EventStreams(ConnectionRecords records, UserEvents userEvents, ControlEvents controlEvents, String instanceId) {
        this.records = records;
        this.userEvents = userEvents;
        this.controlEvents = controlEvents;
        this.hubId = HUB_PREFIX + instanceId;
        records.heartbeat(hubId, HEARTBEAT.multipliedBy(3), openStreams());
        timer.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        this.userSubscription = userEvents.subscribe(hubId, this::deliver);
        this.controlSubscription = controlEvents.subscribe(this::onControlEvent);
    }

    /** Opens a stream for {@code principal}'s session; close it when the client is gone. */
    EventStream open(Principal principal) {
        EventStream stream = new EventStream(principal, this::release);
        byUser.computeIfAbsent(principal.userId(), user -> ConcurrentHashMap.newKeySet()).add(stream);
        records.opened(principal.userId(), hubId, principal.sessionId());
        return stream;
    }

    UserEvents userEvents() {
        return userEvents;
    }

    private void release(EventStream stream) {
        Set<EventStream> streams = byUser.get(stream.userId());
        if (streams != null && streams.remove(stream)) {
            byUser.computeIfPresent(stream.userId(), (user, current) -> current.isEmpty() ? null : current);
            records.closed(stream.userId(), hubId);
        }
    }

    private void deliver(UserEvent event) {
        byUser.getOrDefault(event.userId(), Set.of()).forEach(stream -> stream.offer(event));
    }

    private void onControlEvent(ControlEvent event) {
        if (ControlEvent.SESSION_ENDED.equals(event.type())) {
            byUser.getOrDefault(event.userId(), Set.of()).stream()
                    .filter(stream -> stream.sessionId().equals(event.sessionId()))
                    .forEach(EventStream::end);
        }
    }

    private int openStreams() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    private void beat() {
        try {
            records.heartbeat(hubId, HEARTBEAT.multipliedBy(3), openStreams());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event streams heartbeat failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        userEvents.unsubscribe(hubId, userSubscription);
        controlEvents.unsubscribe(controlSubscription);
        byUser.values().forEach(streams -> streams.forEach(EventStream::end));
        records.stopped(hubId);
    }
}
