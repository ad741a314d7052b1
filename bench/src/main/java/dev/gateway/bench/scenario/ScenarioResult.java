package dev.gateway.bench.scenario;

import dev.gateway.bench.measure.Latencies;

import java.util.Map;

/**
 * What one scenario run measured: operations per second, latency percentiles, errors by kind, and
 * extra figures (lost updates, Redis commands per operation, CPU and RSS per process...).
 */
public record ScenarioResult(String scenario,
                             int users,
                             String mode,
                             double seconds,
                             double throughputPerSecond,
                             Latencies.Summary latency,
                             Map<String, Object> figures) {
}
