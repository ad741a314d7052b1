package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code fanout}: HTTP updates go to session-service, whose {@code session_updated} events travel through
 * Redis to whichever hub holds each session's socket; measures update-to-delivery latency.
 */
public final class FanoutScenario implements Scenario {
    private static final String PUSH = "{\"type\":\"session_updated\"";

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        GatewayClient client = context.client();
        List<Seat> seats = Population.seats(context, name(), users);
        List<BenchSocket> sockets = Sockets.open(context, seats);
        AtomicReferenceArray<CompletableFuture<Long>> arrivals = new AtomicReferenceArray<>(users);
        for (int i = 0; i < users; i++) {
            int seat = i;
            sockets.get(seat).onMessage(message -> {
                CompletableFuture<Long> arrival = arrivals.get(seat);
                if (message.startsWith(PUSH) && arrival != null) {
                    arrival.complete(System.nanoTime());
                }
            });
        }
        TimedRun run = new TimedRun(context);
        Latencies latencies = run.latencies();
        int publishers = Math.min(users, context.options().concurrency());
        double seconds;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                executor.submit(() -> publish(client, seats, arrivals, publisher, publishers, run, latencies));
            }
            seconds = run.await(context.options().warmup(), context.options().duration());
        }
        Map<String, Object> figures = run.figures();
        Sockets.closeAll(sockets);
        return new ScenarioResult(name(), users, publishers + " publishers", seconds, latencies.count() / seconds,
                latencies.summary(), figures);
    }

    private static void publish(GatewayClient client, List<Seat> seats, AtomicReferenceArray<CompletableFuture<Long>> arrivals,
                                int publisher, int publishers, TimedRun run, Latencies latencies) {
        for (long sequence = 1; run.running(); sequence++) {
            for (int seat = publisher; seat < seats.size() && run.running(); seat += publishers) {
                CompletableFuture<Long> arrival = new CompletableFuture<>();
                arrivals.set(seat, arrival);
                long start = System.nanoTime();
                try {
                    if (client.update(seats.get(seat).token(), seats.get(seat).sessionId(), Map.of("fan", sequence)).statusCode() != 200) {
                        latencies.error("update_rejected");
                        continue;
                    }
                    latencies.record(arrival.get(5, TimeUnit.SECONDS) - start);
                } catch (TimeoutException e) {
                    latencies.error("not_delivered_in_5s");
                } catch (Exception e) {
                    latencies.error(e.getClass().getSimpleName());
                }
            }
        }
    }
}
