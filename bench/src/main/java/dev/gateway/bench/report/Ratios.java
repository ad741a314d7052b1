package dev.gateway.bench.report;

import dev.gateway.bench.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The side-by-side baselines: each gateway result over the baseline measured in the same run at the same
 * number of users. A throughput ratio under 1 and latency ratios over 1 are what the gateway costs.
 */
final class Ratios {
    private static final List<Comparison> COMPARISONS = List.of(
            new Comparison("edge / hub", "ws-updates", "hub-ws-updates"),
            new Comparison("hub / Helidon echo", "hub-ws-updates", "ws-echo"),
            new Comparison("edge / Helidon echo", "ws-updates", "ws-echo"),
            new Comparison("login / bare Argon2id", "login", "argon2"),
            new Comparison("edge / nginx", "http-updates", "nginx-http-updates"));

    private Ratios() {
    }

    /** What the {@code measured} scenario is compared with. */
    private record Comparison(String label, String measured, String baseline) {
    }

    /**
     * One comparison at one user count: {@code measured} over {@code baseline} for throughput and latency
     * percentiles; when the baseline could not run, the ratios are null and {@code note} says why.
     */
    record Ratio(String comparison, String measured, String baseline, int users, double measuredPerSecond,
                 double baselinePerSecond, Double throughputRatio, Double p50Ratio, Double p99Ratio, String note) {
    }

    static List<Ratio> of(List<ScenarioResult> results) {
        List<Ratio> ratios = new ArrayList<>();
        for (Comparison comparison : COMPARISONS) {
            for (ScenarioResult measured : results) {
                if (measured.scenario().equals(comparison.measured()) && measured.skippedBecause().isEmpty()) {
                    find(results, comparison.baseline(), measured.users())
                            .ifPresent(baseline -> ratios.add(ratio(comparison, measured, baseline)));
                }
            }
        }
        return ratios;
    }

    static String markdown(List<Ratio> ratios) {
        StringBuilder out = new StringBuilder("Baselines (same run, same users; ratio = scenario / baseline):\n\n");
        out.append("| comparison | users | scenario ops/s | baseline ops/s | ops/s ratio | p50 ratio | p99 ratio |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Ratio ratio : ratios) {
            out.append(String.format("| %s (%s / %s) | %d | %.0f | %s | %s | %s | %s |%n", ratio.comparison(),
                    ratio.measured(), ratio.baseline(), ratio.users(), ratio.measuredPerSecond(),
                    ratio.note() != null ? ratio.note() : String.format("%.0f", ratio.baselinePerSecond()),
                    times(ratio.throughputRatio()), times(ratio.p50Ratio()), times(ratio.p99Ratio())));
        }
        return out.toString();
    }

    private static Ratio ratio(Comparison comparison, ScenarioResult measured, ScenarioResult baseline) {
        Optional<String> skipped = baseline.skippedBecause();
        if (skipped.isPresent()) {
            return new Ratio(comparison.label(), comparison.measured(), comparison.baseline(), measured.users(),
                    measured.throughputPerSecond(), 0, null, null, null, skipped.get());
        }
        return new Ratio(comparison.label(), comparison.measured(), comparison.baseline(), measured.users(),
                measured.throughputPerSecond(), baseline.throughputPerSecond(),
                over(measured.throughputPerSecond(), baseline.throughputPerSecond()),
                over(measured.latency().p50Ms(), baseline.latency().p50Ms()),
                over(measured.latency().p99Ms(), baseline.latency().p99Ms()), null);
    }

    private static Optional<ScenarioResult> find(List<ScenarioResult> results, String scenario, int users) {
        return results.stream().filter(result -> result.scenario().equals(scenario) && result.users() == users).findFirst();
    }

    /** Null when the baseline measured nothing, so that no report holds an infinite ratio. */
    private static Double over(double measured, double baseline) {
        return baseline > 0 ? Math.round(measured / baseline * 1000) / 1000.0 : null;
    }

    private static String times(Double ratio) {
        return ratio == null ? "" : String.format("%.2f", ratio);
    }
}
