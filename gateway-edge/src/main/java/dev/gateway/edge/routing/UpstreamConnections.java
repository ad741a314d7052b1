package dev.gateway.edge.routing;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keep-alive connections to upstreams, most recently used first so that a steady load keeps few of them
 * busy. A connection idle for longer than {@link #IDLE_FOR} is closed, well before servers' own idle
 * timeouts; at most {@link #MAX_IDLE} wait per upstream, the rest are closed when released.
 */
final class UpstreamConnections implements AutoCloseable {
    static final Duration IDLE_FOR = Duration.ofSeconds(30);
    static final int MAX_IDLE = 256;

    private final Map<Upstream, BlockingDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private final Function<String, InetAddress> resolver;
    private final Duration connectTimeout;
    private final Clock clock;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upstream-idle-sweep").daemon().factory());

    /** {@code resolver} gives the address of every new connection, and may refuse it by throwing. */
    UpstreamConnections(Function<String, InetAddress> resolver, Duration connectTimeout, Clock clock) {
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
        this.clock = clock;
        long every = IDLE_FOR.toMillis() / 2;
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** An idle connection to {@code upstream} that is still open, or a new one. */
    UpstreamConnection take(Upstream upstream) throws IOException {
        BlockingDeque<UpstreamConnection> waiting = idle.get(upstream);
        long now = clock.millis();
        for (UpstreamConnection connection = waiting == null ? null : waiting.pollFirst(); connection != null;
             connection = waiting.pollFirst()) {
            if (now - connection.idleSince() < IDLE_FOR.toMillis() && connection.reuse()) {
                return connection;
            }
            connection.close();
        }
        return UpstreamConnection.open(upstream, resolver.apply(upstream.host()), connectTimeout);
    }

    /** Keeps a connection whose last exchange ended cleanly for the next request. */
    void release(UpstreamConnection connection) {
        long now = clock.millis();
        connection.idle(now);
        BlockingDeque<UpstreamConnection> waiting = idle.computeIfAbsent(connection.upstream(),
                upstream -> new LinkedBlockingDeque<>(MAX_IDLE));
        if (!waiting.offerFirst(connection)) {
            connection.close();
        }
        // the least recently used one may have waited too long while newer ones served every request
        UpstreamConnection oldest = waiting.peekLast();
        if (oldest != null && now - oldest.idleSince() >= IDLE_FOR.toMillis() && waiting.removeLastOccurrence(oldest)) {
            oldest.close();
        }
    }

    /**
     * Closes the connections idle for too long even when their upstream gets no more requests (a route
     * that went quiet). An upstream's empty queue stays: there is one per instance or route target.
     */
    private void sweep() {
        long now = clock.millis();
        idle.values().forEach(waiting -> {
            waiting.removeIf(connection -> {
                boolean stale = now - connection.idleSince() >= IDLE_FOR.toMillis();
                if (stale) {
                    connection.close();
                }
                return stale;
            });
        });
    }

    /** Closes every idle connection; connections in use close when their exchange ends. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        idle.values().forEach(waiting -> {
            for (UpstreamConnection connection = waiting.pollFirst(); connection != null; connection = waiting.pollFirst()) {
                connection.close();
            }
        });
    }
}
