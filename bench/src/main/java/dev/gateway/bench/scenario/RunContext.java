package dev.gateway.bench.scenario;

import dev.gateway.bench.BenchOptions;
import dev.gateway.bench.GatewayClient;

import java.util.UUID;

/** What every scenario gets: the options, the client, and a run id that keeps usernames unique. */
public record RunContext(BenchOptions options, GatewayClient client, String runId) {

    public static RunContext create(BenchOptions options) {
        return new RunContext(options, new GatewayClient(options.target(), options.sourceAddresses()),
                UUID.randomUUID().toString().substring(0, 8));
    }

    /** Unique per scenario: scenarios are told apart by their initials ({@code http-updates} hu, {@code hub-ws-updates} hwu). */
    public String username(String scenario, int users, int index) {
        return "b" + runId + "_" + initials(scenario) + users + "_" + index;
    }

    private static String initials(String scenario) {
        StringBuilder initials = new StringBuilder();
        for (String word : scenario.split("-")) {
            initials.append(word.charAt(0));
        }
        return initials.toString();
    }
}
