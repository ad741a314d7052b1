package dev.gateway.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A reference measurement run in the same benchmark as a gateway scenario, so that the report can give the
 * ratio of the two ({@code --baseline}). Each baseline is a scenario of its own, run right after the scenario
 * it is compared with.
 */
public enum Baseline {
    /** ws-updates straight to a ws-hub, logins still through the edge: what the edge's WebSocket proxy costs. */
    HUB("hub-ws-updates", "ws-updates"),
    /** The same closed loop against a bare Helidon WebSocket echo server in a process of its own. */
    ECHO("ws-echo", "ws-updates"),
    /** Bare Argon2id hashing with the auth-service's cost, on the login scenario's concurrency. */
    ARGON2("argon2", "login"),
    /** http-updates through nginx in front of the same session-service instead of through the edge. */
    NGINX("nginx-http-updates", "http-updates");

    private final String scenario;
    private final String comparedWith;

    Baseline(String scenario, String comparedWith) {
        this.scenario = scenario;
        this.comparedWith = comparedWith;
    }

    public String scenario() {
        return scenario;
    }

    /** {@code hub,echo,argon2,nginx}, {@code all}, or nothing. */
    static List<Baseline> parse(String list) {
        if (list.isBlank()) {
            return List.of();
        }
        if (list.trim().equals("all")) {
            return List.of(values());
        }
        return Arrays.stream(list.split(",")).map(String::trim).map(name -> {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown baseline '" + name + "'; known: hub, echo, argon2, nginx, all");
            }
        }).distinct().toList();
    }

    /** {@code scenarios} with each baseline right after the scenario it is compared with (at the end when that one is not chosen). */
    static List<String> schedule(List<String> scenarios, List<Baseline> baselines) {
        List<String> plan = new ArrayList<>(scenarios);
        for (Baseline baseline : baselines) {
            if (plan.contains(baseline.scenario)) {
                continue;
            }
            int at = plan.lastIndexOf(baseline.comparedWith);
            if (at < 0) {
                plan.add(baseline.scenario);
                continue;
            }
            at++;
            while (at < plan.size() && isBaseline(plan.get(at))) {
                at++;
            }
            plan.add(at, baseline.scenario);
        }
        return plan;
    }

    private static boolean isBaseline(String scenario) {
        return Arrays.stream(values()).anyMatch(baseline -> baseline.scenario.equals(scenario));
    }
}
