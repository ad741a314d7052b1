package dev.gateway.bench.scenario;

import dev.gateway.bench.measure.Latencies;

import java.util.Map;
import java.util.Optional;

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
    private static final String SKIPPED = "skipped";

    /** A scenario that could not run here, such as a baseline whose tool is not installed. */
    public static ScenarioResult skipped(String scenario, int users, String reason) {
        return new ScenarioResult(scenario, users, SKIPPED, 0, 0, new Latencies().summary(), Map.of(SKIPPED, reason));
    }

    /** Why the scenario did not run; empty when it did. */
    public Optional<String> skippedBecause() {
        return Optional.ofNullable((String) figures.get(SKIPPED));
    }
}
