package dev.gateway.bench.scenario;

import dev.gateway.auth.accounts.PasswordHasher;
import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.BenchFailure;
import dev.gateway.bench.measure.Latencies;
import dev.gateway.common.config.Settings.Argon2Settings;

import java.util.Map;

/**
 * {@code argon2}: N bare Argon2id verifications, the work of one login, with the auth-service's own hasher and
 * default cost, on as many threads as the login scenario uses ({@code --concurrency}), in this process: the
 * rate that hashing alone allows on these cores, which bounds the login rate.
 */
public final class Argon2Scenario implements Scenario {
    private static final Argon2Settings COST = Argon2Settings.DEFAULTS;

    @Override
    public String name() {
        return "argon2";
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        PasswordHasher hasher = new PasswordHasher(COST);
        String stored = hasher.hash(GatewayClient.PASSWORD);
        int concurrency = context.options().concurrency();
        // The login scenario first registers its accounts, which warms the auth-service's hashing up.
        Workers.forEach(concurrency, concurrency, new Latencies(), index -> verify(hasher, stored));
        Latencies latencies = new Latencies();
        Measurement measurement = new Measurement(context, Map.of("bench", ProcessHandle.current().pid()));
        measurement.start();
        Workers.forEach(users, concurrency, latencies, index -> verify(hasher, stored));
        double seconds = measurement.elapsedSeconds();
        Map<String, Object> figures = measurement.finish(latencies.count());
        figures.put("argon2id", "m=" + COST.memoryKib() + ",t=" + COST.iterations() + ",p=" + COST.parallelism());
        return new ScenarioResult(name(), users, "concurrency " + concurrency, seconds, latencies.count() / seconds,
                latencies.summary(), figures);
    }

    private static void verify(PasswordHasher hasher, String stored) {
        if (!hasher.verify(stored, GatewayClient.PASSWORD)) {
            throw new BenchFailure("hash_mismatch", new IllegalStateException("the password did not verify"));
        }
    }
}
