package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.KeepAliveConnection;
import dev.gateway.bench.measure.Latencies;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code http-updates}: each user, closed-loop, POSTs {@code /sessions/update/{id}} with an increasing
 * counter over its own keep-alive connection and waits for the 200; at the end every session must hold at least its last acknowledged value.
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
        String path = "/sessions/update/" + seat.sessionId();
        long sequence = 0;
        try (KeepAliveConnection connection = client.connection()) {
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
