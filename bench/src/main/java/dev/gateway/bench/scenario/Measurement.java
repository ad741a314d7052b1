package dev.gateway.bench.scenario;

import dev.gateway.bench.measure.ProcessSampler;
import dev.gateway.bench.measure.RedisCommandStats;
import dev.gateway.bench.measure.WriteRounds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU and memory of each gateway (or baseline) process, Redis commands, and the write-behind's Redis round
 * trips per update, over the measured window of a run.
 */
final class Measurement {
    private final ProcessSampler processes;
    private final Optional<RedisCommandStats> redis;
    private Map<String, ProcessSampler.Sample> before;
    private final WriteRounds writeRounds;
    private Map<String, Long> redisBefore;
    private Optional<WriteRounds.Counts> roundsBefore;
    private long startNanos;

    Measurement(RunContext context) {
        this(context, Map.of());
    }

    /** Also samples {@code started}, the processes a baseline started (name to pid). */
    Measurement(RunContext context, Map<String, Long> started) {
        this.processes = new ProcessSampler(context.options().pidDir()).with(started);
        this.redis = context.options().redis().map(RedisCommandStats::new);
        this.writeRounds = new WriteRounds(List.of(context.options().hub(), context.options().sessionService()));
    }

    void start() {
        before = processes.sample();
        redisBefore = redis.map(RedisCommandStats::calls).orElse(Map.of());
        roundsBefore = writeRounds.read();
        startNanos = System.nanoTime();
    }

    /** Seconds since {@link #start()}. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Figures for {@code operations} operations: CPU share and RSS per process, Redis commands per operation. */
    Map<String, Object> finish(long operations) {
        double seconds = elapsedSeconds();
        Map<String, Object> figures = new LinkedHashMap<>();
        processes.sample().forEach((name, after) -> {
            ProcessSampler.Sample start = before.get(name);
            if (start != null) {
                figures.put("cpu_percent." + name, round(100 * (after.cpuSeconds() - start.cpuSeconds()) / seconds));
                figures.put("rss_mib." + name, round(after.rssMib()));
            }
        });
        redis.ifPresent(stats -> {
            Map<String, Long> delta = RedisCommandStats.delta(redisBefore, stats.calls());
            long total = delta.values().stream().mapToLong(Long::longValue).sum();
            figures.put("redis_commands", delta);
            figures.put("redis_commands_per_op", operations == 0 ? 0 : round((double) total / operations));
        });
        writeRounds.read().ifPresent(after -> roundsBefore.ifPresent(start -> {
            long updates = after.updates() - start.updates();
            if (updates > 0) {
                figures.put("write_rounds_per_update", Math.round(10_000.0 * (after.rounds() - start.rounds()) / updates) / 10_000.0);
            }
        }));
        return figures;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
