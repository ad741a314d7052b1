package dev.gateway.common.connections;

import dev.gateway.common.json.Json;
import org.redisson.api.RReliableTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

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
    private final ConnectionRecords records;

    public UserEvents(RedissonClient redis, ConnectionRecords records) {
        this.redis = redis;
        this.records = records;
    }

    /** Sends {@code event} to every hub holding a socket of its user; returns how many hubs it went to. */
    public int publish(UserEvent event) {
        String payload = Json.string(event);
        int hubs = 0;
        for (String hub : records.hubsOf(event.userId())) {
            topic(hub).publish(payload);
            hubs++;
        }
        return hubs;
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
