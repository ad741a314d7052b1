package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.measure.Latencies;

import java.util.Map;

/**
 * {@code register}: N registrations; {@code login}: N logins of accounts registered beforehand (not measured).
 * Both are bound by Argon2id hashing, so they run with the configured concurrency.
 */
public final class AccountScenario implements Scenario {
    private final boolean login;

    private AccountScenario(boolean login) {
        this.login = login;
    }

    public static AccountScenario register() {
        return new AccountScenario(false);
    }

    public static AccountScenario login() {
        return new AccountScenario(true);
    }

    @Override
    public String name() {
        return login ? "login" : "register";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        GatewayClient client = context.client();
        int concurrency = context.options().concurrency();
        if (login) {
            Workers.forEach(users, concurrency, new Latencies(), index -> client.register(context.username(name(), users, index)));
        }
        Latencies latencies = new Latencies();
        Measurement measurement = new Measurement(context);
        measurement.start();
        Workers.forEach(users, concurrency, latencies, index -> {
            String username = context.username(name(), users, index);
            if (login) {
                client.login(username);
            } else if (client.register(username) != 200) {
                throw new GatewayClient.BenchFailure("register_rejected", new IllegalStateException(username));
            }
        });
        double seconds = measurement.elapsedSeconds();
        Map<String, Object> figures = measurement.finish(latencies.count());
        return new ScenarioResult(name(), users, "concurrency " + concurrency, seconds, latencies.count() / seconds,
                latencies.summary(), figures);
    }
}
