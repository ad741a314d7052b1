package dev.gateway.common.connections;

import dev.gateway.common.json.Json;
import org.redisson.api.RReliableTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per-user pushes, delivered only to the hubs that hold the user's sockets (from {@link ConnectionRecords}),
 * each hub listening on its own reliable topic. The cost of an event grows with the hubs of that user,
 * not with the number of hubs.
 */
public final class UserEvents {
    private static final Logger LOG = Logger.getLogger(UserEvents.class.getName());

    private final RedissonClient redis;
    private final UserEventLog log;

    public UserEvents(RedissonClient redis) {
        this.redis = redis;
        this.log = new UserEventLog(redis);
    }

    /**
     * Logs {@code event} in its user's short event log (for resuming event streams), then sends it to every
     * hub holding a socket of its user; returns how many hubs it went to.
     */
    public int publish(UserEvent event) {
        List<String> idAndHubs = log.appendAndListHubs(event.userId(), event.message());
        String payload = Json.string(new UserEvent(event.userId(), event.originSocket(), event.message(),
                idAndHubs.getFirst()));
        List<String> hubs = idAndHubs.subList(1, idAndHubs.size());
        hubs.forEach(hub -> topic(hub).publish(payload));
        return hubs.size();
    }

    /** Delivers the events addressed to {@code hubId}; returns the id to unsubscribe. */
    public String subscribe(String hubId, Consumer<UserEvent> listener) {
        return topic(hubId).addListener(String.class, (channel, message) -> {
            try {
                listener.accept(Json.read(message, UserEvent.class));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "user event not handled: " + message, e);
            }
        });
    }

    /** The user's logged events after {@code lastEventId}, oldest first (empty for an unknown id). */
    public List<UserEvent> after(String userId, String lastEventId) {
        return log.after(userId, lastEventId);
    }

    /** Orders two event ids: negative when {@code a} came before {@code b}. */
    public static int compareIds(String a, String b) {
        return UserEventLog.compare(a, b);
    }

    /** How many listeners are registered for {@code hubId}'s events (normally 1: the hub itself). */
    public int subscribers(String hubId) {
        return topic(hubId).countSubscribers();
    }

    public void unsubscribe(String hubId, String subscription) {
        topic(hubId).removeListener(subscription);
    }

    private RReliableTopic topic(String hubId) {
        return redis.getReliableTopic("events:hub:{" + hubId + "}", StringCodec.INSTANCE);
    }
}
