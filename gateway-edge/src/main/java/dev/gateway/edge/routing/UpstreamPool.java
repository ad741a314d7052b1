package dev.gateway.edge.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The instances of one internal service, handed out round-robin. */
public final class UpstreamPool {
    private final String service;
    private final List<URI> instances;
    private final AtomicInteger next = new AtomicInteger();

    public UpstreamPool(String service, List<URI> instances) {
        this.service = service;
        this.instances = List.copyOf(instances);
    }

    public String service() {
        return service;
    }

    public List<URI> instances() {
        return instances;
    }

    /** Every instance once, starting with the next in turn: the first to try, then the fallbacks. */
    public List<URI> attemptOrder() {
        int start = Math.floorMod(next.getAndIncrement(), instances.size());
        List<URI> order = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            order.add(instances.get((start + i) % instances.size()));
        }
        return order;
    }
}
