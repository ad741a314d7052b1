package dev.gateway.common.routes;

import dev.gateway.common.json.Json;
import org.redisson.api.RMap;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Owns the dynamic routes in Redis: one hash {@code routes} (name to route JSON) and a pub/sub channel
 * {@code routes:changes} carrying the name of each route added or removed, so that every instance can
 * refresh its snapshot at once. Both are single keys, so the layout works on Redis Cluster.
 */
public final class RouteStore {
    private static final String ROUTES = "routes";
    private static final String CHANGES = "routes:changes";

    private final RMap<String, String> routes;
    private final RTopic changes;

    public RouteStore(RedissonClient redis) {
        this.routes = redis.getMap(ROUTES, StringCodec.INSTANCE);
        this.changes = redis.getTopic(CHANGES, StringCodec.INSTANCE);
    }

    /** Stores {@code route} unless its name is taken; false when it is. */
    public boolean add(RouteRecord route) {
        boolean added = routes.fastPutIfAbsent(route.name(), Json.string(route));
        if (added) {
            changes.publish(route.name());
        }
        return added;
    }

    /** Removes the route named {@code name}; false when there was none. */
    public boolean remove(String name) {
        boolean removed = routes.fastRemove(name) == 1;
        if (removed) {
            changes.publish(name);
        }
        return removed;
    }

    /** Every route by name, in name order. */
    public Map<String, RouteRecord> all() {
        Map<String, RouteRecord> all = new TreeMap<>();
        routes.readAllMap().forEach((name, json) -> all.put(name, Json.read(json, RouteRecord.class)));
        return all;
    }

    /** Calls {@code listener} with the name of every route added or removed from now on; returns the listener id. */
    public int onChange(Consumer<String> listener) {
        return changes.addListener(String.class, (channel, name) -> listener.accept(name));
    }

    public void removeListener(int id) {
        changes.removeListener(id);
    }
}
