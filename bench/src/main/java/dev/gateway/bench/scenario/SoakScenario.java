package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;
import dev.gateway.bench.measure.ProcessSampler;

import java.util.List;
import java.util.Map;

/**
 * {@code soak}: opens one idle socket per user (answering the server's pings), holds them for the duration,
 * and reports how many closed early and the memory each connection costs the hub and the edge.
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
        Measurement measurement = new Measurement(context);
        measurement.start();
        Latencies connects = new Latencies();
        long openStart = System.nanoTime();
        List<BenchSocket> sockets = Sockets.open(context, seats);
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        connects.record(System.nanoTime() - openStart);
        Thread.sleep(context.options().duration().toMillis());
        long closedEarly = sockets.stream().filter(socket -> socket.closed.isDone()).count();
        Map<String, ProcessSampler.Sample> loaded = processes.sample();
        double seconds = measurement.elapsedSeconds();
        Map<String, Object> figures = measurement.finish(users);
        figures.put("sockets_closed_early", closedEarly);
        figures.put("connect_seconds", Measurement.round(openSeconds));
        loaded.forEach((name, sample) -> {
            ProcessSampler.Sample before = idle.get(name);
            if (before != null) {
                figures.put("rss_kib_per_connection." + name, Measurement.round((sample.rssMib() - before.rssMib()) * 1024 / users));
            }
        });
        Sockets.closeAll(sockets);
        return new ScenarioResult(name(), users, "idle " + context.options().duration().toSeconds() + "s", seconds,
                users / openSeconds, connects.summary(), figures);
    }
}
