package dev.gateway.common.events;

import dev.gateway.common.json.Json;
import org.redisson.api.RReliableTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Control events on a Redis reliable topic (a stream): an instance that briefly lost Redis still
 * receives what was published meanwhile.
 */
public final class ControlEvents {
    private static final Logger LOG = Logger.getLogger(ControlEvents.class.getName());
    private static final String TOPIC = "events:control";

    private final RReliableTopic topic;

    public ControlEvents(RedissonClient redis) {
        this.topic = redis.getReliableTopic(TOPIC, StringCodec.INSTANCE);
    }

    public void publish(ControlEvent event) {
        topic.publish(Json.string(event));
    }

    /** Delivers every event published from now on to {@code listener}; returns the id to unsubscribe. */
    public String subscribe(Consumer<ControlEvent> listener) {
        return topic.addListener(String.class, (channel, message) -> {
            try {
                listener.accept(Json.read(message, ControlEvent.class));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "control event not handled: " + message, e);
            }
        });
    }

    public void unsubscribe(String id) {
        topic.removeListener(id);
    }
}
