package dev.gateway.bench.scenario;

import dev.gateway.bench.baseline.ChildServer;
import dev.gateway.bench.baseline.Nginx;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code nginx-http-updates}: the http-updates loop through nginx in front of the same session-service
 * ({@code --session-service}) instead of through the edge, nginx started for the run and stopped after it.
 * Without nginx ({@code --nginx}, default: on PATH) the result says "nginx not installed".
 */
public final class NginxUpdateScenario implements Scenario {
    @Override
    public String name() {
        return "nginx-http-updates";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        Optional<Path> nginx = Nginx.find(context.options().nginx());
        if (nginx.isEmpty()) {
            return ScenarioResult.skipped(name(), users, "nginx not installed");
        }
        Path dir = context.options().out().resolve("nginx-" + context.runId() + "-" + users);
        try (ChildServer proxy = Nginx.start(nginx.get(), dir, context.options().sessionService(), users)) {
            return HttpUpdateScenario.run(context, users, name(), proxy.uri(), proxy.pids());
        }
    }
}
