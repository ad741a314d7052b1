package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code http-updates}: each user, closed-loop, POSTs {@code /sessions/update/{id}} with an increasing
 * counter and waits for the 200; at the end every session must hold at least its last acknowledged value.
 */
public final class HttpUpdateScenario implements Scenario {
    @Override
    public String name() {
        return "http-updates";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        GatewayClient client = context.client();
        List<Seat> seats = Population.seats(context, name(), users);
        TimedRun run = new TimedRun(context);
        Latencies latencies = run.latencies();
        AtomicLongArray acked = new AtomicLongArray(users);
        double seconds;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                int seat = i;
                executor.submit(() -> loop(client, seats.get(seat), seat, run, latencies, acked));
            }
            seconds = run.await(context.options().warmup(), context.options().duration());
        }
        Map<String, Object> figures = run.figures();
        figures.put("lost_acknowledged_updates", lost(client, seats, acked));
        return new ScenarioResult(name(), users, "closed-loop", seconds, latencies.count() / seconds,
                latencies.summary(), figures);
    }

    private static void loop(GatewayClient client, Seat seat, int index, TimedRun run, Latencies latencies,
                             AtomicLongArray acked) {
        long sequence = 0;
        while (run.running()) {
            sequence++;
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.update(seat.token(), seat.sessionId(), Map.of("counter", sequence));
                if (response.statusCode() == 200) {
                    latencies.record(System.nanoTime() - start);
                    acked.set(index, sequence);
                } else {
                    latencies.error("http_" + response.statusCode());
                }
            } catch (GatewayClient.BenchFailure e) {
                latencies.error(e.kind());
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
