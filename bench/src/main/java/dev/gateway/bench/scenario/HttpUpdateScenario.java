package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.KeepAliveConnection;
import dev.gateway.bench.measure.Latencies;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code http-updates}: each user, closed-loop, POSTs {@code /sessions/update/{id}} with an increasing
 * counter over its own keep-alive connection and waits for the 200; at the end every session must hold at least its last acknowledged value.
 * Baselines run the same loop against another server in front of the same session-service.
 */
public final class HttpUpdateScenario implements Scenario {
    @Override
    public String name() {
        return "http-updates";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        return run(context, users, name(), context.options().target(), Map.of());
    }

    /**
     * The loop against {@code server}, measuring the {@code started} processes too; accounts, sessions and
     * the final check still go through the edge.
     */
    static ScenarioResult run(RunContext context, int users, String scenario, URI server, Map<String, Long> started)
            throws Exception {
        GatewayClient client = context.client();
        List<Seat> seats = Population.seats(context, scenario, users);
        TimedRun run = new TimedRun(context, started);
        Latencies latencies = run.latencies();
        AtomicLongArray acked = new AtomicLongArray(users);
        double seconds;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                int seat = i;
                executor.submit(() -> loop(client.connection(server), seats.get(seat), seat, run, latencies, acked));
            }
            seconds = run.await(context.options().warmup(), context.options().duration());
        }
        Map<String, Object> figures = run.figures();
        figures.put("lost_acknowledged_updates", lost(client, seats, acked));
        return new ScenarioResult(scenario, users, "closed-loop", seconds, latencies.count() / seconds,
                latencies.summary(), figures);
    }

    private static void loop(KeepAliveConnection opened, Seat seat, int index, TimedRun run, Latencies latencies,
                             AtomicLongArray acked) {
        String path = "/sessions/update/" + seat.sessionId();
        long sequence = 0;
        try (KeepAliveConnection connection = opened) {
            while (run.running()) {
                sequence++;
                long start = System.nanoTime();
                try {
                    int status = connection.post(path, seat.token(), "{\"data\":{\"counter\":" + sequence + "}}").status();
                    if (status == 200) {
                        latencies.record(System.nanoTime() - start);
                        acked.set(index, sequence);
                    } else {
                        latencies.error("http_" + status);
                    }
                } catch (IOException e) {
                    latencies.error("io");
                }
            }
        }
    }

    private static long lost(GatewayClient client, List<Seat> seats, AtomicLongArray acked) {
        long lost = 0;
        for (int i = 0; i < seats.size(); i++) {
            Seat seat = seats.get(i);
            long stored = client.session(seat.token(), seat.sessionId()).at("/data/counter").asLong(0);
            if (stored < acked.get(i)) {
                lost++;
            }
        }
        return lost;
    }
}
