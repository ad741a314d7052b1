package dev.gateway.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.bench.BenchOptions;
import dev.gateway.bench.scenario.ScenarioResult;
import dev.gateway.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Writes a run as JSON (every figure) and as a Markdown table next to the original gateway's published
 * figures, where the original measured the same thing, and the ratios to the baselines run alongside.
 */
public final class Report {
    /** The original gateway's published throughput, per users, for the same closed-loop scenarios. */
    static final Map<String, Map<Integer, Double>> ORIGINAL = Map.of(
            "ws-updates", Map.of(100, 6118.0, 500, 6175.0, 5000, 5252.0, 10000, 5100.0, 50000, 4500.0),
            "http-updates", Map.of(100, 3936.0, 500, 4263.0, 5000, 3852.0, 10000, 3450.0, 50000, 2850.0),
            "register", Map.of(20000, 5106.0),
            "login", Map.of(20000, 2903.0));

    private Report() {
    }

    /** Writes {@code bench-<time>.json} and {@code .md} into the output directory; returns the Markdown. */
    public static String write(BenchOptions options, List<ScenarioResult> results) throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Files.createDirectories(options.out());
        ObjectNode json = Json.object().put("time", Instant.now().toString()).put("target", options.target().toString());
        json.set("results", Json.mapper().valueToTree(results));
        json.set("ratios", Json.mapper().valueToTree(Ratios.of(results)));
        Files.writeString(options.out().resolve("bench-" + stamp + ".json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        String markdown = markdown(results);
        Files.writeString(options.out().resolve("bench-" + stamp + ".md"), markdown);
        return markdown;
    }

    static String markdown(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | users | mode | ops/s | original ops/s | ratio | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
                + "| errors | lost | Redis cmds/op |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult result : results) {
            if (result.skippedBecause().isPresent()) {
                continue;
            }
            Double original = ORIGINAL.getOrDefault(result.scenario(), Map.of()).get(result.users());
            out.append(String.format("| %s | %d | %s | %.0f | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s |%n",
                    result.scenario(), result.users(), result.mode(), result.throughputPerSecond(),
                    original == null ? "" : String.format("%.0f", original),
                    original == null ? "" : String.format("%.1fx", result.throughputPerSecond() / original),
                    result.latency().p50Ms(), result.latency().p90Ms(), result.latency().p99Ms(),
                    result.latency().p999Ms(), result.latency().maxMs(),
                    result.latency().errors().isEmpty() ? "0" : result.latency().errors().toString(),
                    result.figures().getOrDefault("lost_acknowledged_updates", ""),
                    result.figures().getOrDefault("redis_commands_per_op", "")));
        }
        out.append('\n');
        for (ScenarioResult result : results) {
            out.append("- ").append(result.scenario()).append(" @ ").append(result.users()).append(": ");
            result.figures().forEach((name, value) -> {
                if (!name.equals("redis_commands")) {
                    out.append(name).append('=').append(value).append(' ');
                }
            });
            out.append('\n');
        }
        List<Ratios.Ratio> ratios = Ratios.of(results);
        if (!ratios.isEmpty()) {
            out.append('\n').append(Ratios.markdown(ratios));
        }
        return out.toString();
    }
}
