package dev.gateway.common.routes;

import org.redisson.client.RedisException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An instance's in-memory snapshot of the dynamic routes. It reloads when any instance announces a change
 * (well within a second), and also every {@link #RESYNC} in case a change was announced while this instance
 * was cut off from Redis. While Redis is unreachable the last snapshot stays in use.
 */
public final class RouteTable implements AutoCloseable {
    /** How often the snapshot is reloaded even without a change announcement. */
    public static final Duration RESYNC = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RouteTable.class.getName());

    private final RouteStore store;
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("route-resync").factory());
    private final int listener;
    private volatile Map<String, RouteRecord> routes = Map.of();

    /** Loads the routes and keeps them current until closed. */
    public RouteTable(RouteStore store) {
        this.store = store;
        // the reload blocks on Redis, so it runs on this table's own thread, never on Redisson's listener thread
        this.listener = store.onChange(name -> resync.execute(this::reload));
        reload();
        resync.scheduleWithFixedDelay(this::reload, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<RouteRecord> find(String name) {
        return Optional.ofNullable(routes.get(name));
    }

    public List<RouteRecord> list() {
        return List.copyOf(routes.values());
    }

    /** Reads every route from Redis now, e.g. right after this instance changed one. */
    public void reload() {
        try {
            routes = Map.copyOf(store.all());
        } catch (RedisException e) {
            LOG.log(Level.WARNING, "routes not reloaded, keeping the last snapshot: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        resync.shutdownNow();
        try {
            store.removeListener(listener);
        } catch (RedisException e) {
            LOG.log(Level.FINE, "route listener not removed", e);
        }
    }
}
