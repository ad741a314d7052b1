package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;
import dev.gateway.bench.measure.ProcessSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * {@code soak}: opens one idle socket per user (answering the server's pings) over every edge given, from
 * {@code --processes} processes, holds them for the duration, and reports how many closed early and the
 * memory each connection costs the hubs and the edges (RSS, and heap after a full collection), summed
 * over the instances of each service. Its rate is sockets opened per second; its latencies are those of
 * single connects (to the welcome message), from this process's share of the sockets.
 */
public final class SoakScenario implements Scenario {
    @Override
    public String name() {
        return "soak";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        List<Seat> seats = Population.seats(context, name(), users);
        ProcessSampler processes = new ProcessSampler(context.options().pidDir());
        Map<String, ProcessSampler.Sample> idle = processes.sample();
        Map<String, Long> idleHeap = processes.heapUsedKib();
        Measurement measurement = new Measurement(context);
        measurement.start();
        Latencies connects = new Latencies();
        long openStart = System.nanoTime();
        List<List<Seat>> parts = parts(seats, Math.max(1, context.options().processes()));
        List<SoakChild.Handle> children = new ArrayList<>();
        try {
            for (int i = 1; i < parts.size(); i++) {
                children.add(SoakChild.Handle.start(context, parts.get(i),
                        context.options().out().resolve("soak-seats-" + context.runId() + "-" + i + ".tsv")));
            }
            List<BenchSocket> sockets = Sockets.open(context.client(), parts.getFirst(), context.options().targets(),
                    context.options().concurrency(), connects);
            for (SoakChild.Handle child : children) {
                child.awaitOpened();
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(context.options().duration().toMillis());
            long closedEarly = sockets.stream().filter(socket -> socket.closed.isDone()).count();
            for (SoakChild.Handle child : children) {
                closedEarly += child.closedEarly();
            }
            Map<String, ProcessSampler.Sample> loaded = processes.sample();
            Map<String, Long> loadedHeap = processes.heapUsedKib();
            double seconds = measurement.elapsedSeconds();
            Map<String, Object> figures = measurement.finish(users);
            figures.put("sockets_closed_early", closedEarly);
            figures.put("connect_seconds", Measurement.round(openSeconds));
            figures.put("processes", parts.size());
            figures.put("edges", context.options().targets().size());
            perConnection(figures, "rss_kib_per_connection.", idle, loaded, users,
                    (before, after) -> (after.rssMib() - before.rssMib()) * 1024);
            perConnection(figures, "heap_kib_per_connection.", idleHeap, loadedHeap, users,
                    (before, after) -> (double) (after - before));
            Sockets.closeAll(sockets);
            return new ScenarioResult(name(), users, "idle " + context.options().duration().toSeconds() + "s", seconds,
                    users / openSeconds, connects.summary(), figures);
        } finally {
            children.forEach(SoakChild.Handle::close);
        }
    }

    /** The seats in {@code count} nearly equal parts, the first for this process. */
    private static List<List<Seat>> parts(List<Seat> seats, int count) {
        List<List<Seat>> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(seats.subList(seats.size() * i / count, seats.size() * (i + 1) / count));
        }
        return parts;
    }

    /** What the sockets added, summed over every instance of a service ({@code ws-hub-2} counts as {@code ws-hub}). */
    private static <T> void perConnection(Map<String, Object> figures, String prefix, Map<String, T> before,
                                          Map<String, T> after, int sockets, BiFunction<T, T, Double> growth) {
        Map<String, Double> byService = new TreeMap<>();
        after.forEach((name, sample) -> {
            T start = before.get(name);
            if (start != null) {
                byService.merge(name.replaceFirst("-\\d+$", ""), growth.apply(start, sample), Double::sum);
            }
        });
        byService.forEach((service, kib) -> figures.put(prefix + service, Measurement.round(kib / sockets)));
    }
}
