package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * {@code ws-updates}: {@code update_api_key} over each user's socket through the edge until the {@code ack}
 * (see {@link ApiKeyLoad}); {@code hub-ws-updates}: the same straight to a ws-hub ({@code --hub}), logins still
 * through the edge, so that the report can tell what the edge's proxying costs.
 * At the end every session must hold a key at least as new as its last acknowledged one.
 */
public final class WsUpdateScenario implements Scenario {
    private final String name;
    private final Function<RunContext, URI> server;

    private WsUpdateScenario(String name, Function<RunContext, URI> server) {
        this.name = name;
        this.server = server;
    }

    public static WsUpdateScenario throughEdge() {
        return new WsUpdateScenario("ws-updates", context -> context.options().target());
    }

    public static WsUpdateScenario straightToHub() {
        return new WsUpdateScenario("hub-ws-updates", context -> context.options().hub());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        List<Seat> seats = Population.seats(context, name, users);
        List<BenchSocket> sockets = Sockets.open(context, seats, server.apply(context));
        ApiKeyLoad.Outcome load = ApiKeyLoad.run(context, sockets, Map.of());
        Sockets.closeAll(sockets);
        load.figures().put("lost_acknowledged_updates", lost(context, seats, load.acked()));
        return load.result(name);
    }

    private static long lost(RunContext context, List<Seat> seats, AtomicLongArray acked) {
        long lost = 0;
        for (int i = 0; i < seats.size(); i++) {
            Seat seat = seats.get(i);
            String stored = context.client().session(seat.token(), seat.sessionId()).at("/data/api_key").asText("");
            if (ApiKeyLoad.sequenceOf(stored) < acked.get(i)) {
                lost++;
            }
        }
        return lost;
    }
}
