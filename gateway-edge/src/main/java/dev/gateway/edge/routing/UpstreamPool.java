package dev.gateway.edge.routing;

import dev.gateway.common.metrics.Metrics;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The instances of one internal service, handed out round-robin. An instance that refused a connection is
 * taken out for a while and tried again after it: until then it is offered only when every other one is out.
 */
public final class UpstreamPool {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String service;
    private final List<URI> instances;
    private final Clock clock;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<URI, Instant> outUntil = new ConcurrentHashMap<>();
    private final LongAdder refusals;

    public UpstreamPool(String service, List<URI> instances, Clock clock, Metrics metrics) {
        this.service = service;
        this.instances = List.copyOf(instances);
        this.clock = clock;
        this.refusals = metrics.counter("edge_upstream_refused_total",
                "Connections an upstream instance refused, by service", "service", service);
    }

    public String service() {
        return service;
    }

    public List<URI> instances() {
        return instances;
    }

    /** Every instance once: healthy ones round-robin first, then those taken out, as a last resort. */
    public List<URI> attemptOrder() {
        int start = Math.floorMod(next.getAndIncrement(), instances.size());
        List<URI> healthy = new ArrayList<>(instances.size());
        List<URI> out = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            URI instance = instances.get((start + i) % instances.size());
            (isOut(instance) ? out : healthy).add(instance);
        }
        healthy.addAll(out);
        return healthy;
    }

    /** Takes {@code instance} out until {@link #RETRY_AFTER} has passed. */
    public void markDown(URI instance) {
        refusals.increment();
        outUntil.put(instance, clock.instant().plus(RETRY_AFTER));
    }

    /** Puts {@code instance} back as soon as it answered. */
    public void markUp(URI instance) {
        outUntil.remove(instance);
    }

    public boolean isOut(URI instance) {
        Instant until = outUntil.get(instance);
        return until != null && clock.instant().isBefore(until);
    }
}
