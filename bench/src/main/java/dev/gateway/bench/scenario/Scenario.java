package dev.gateway.bench.scenario;

/** One measured workload. */
public interface Scenario {
    String name();

    /** Runs the workload for {@code users} concurrent users and returns what was measured. */
    ScenarioResult run(RunContext context, int users) throws Exception;
}
