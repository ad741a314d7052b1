package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;

import java.util.List;

/**
 * The users of a run: {@code accounts} registered and logged-in accounts, and one session of its own per
 * user, created under those accounts in turn. Hashing passwords is costly, so many users share an account.
 */
final class Population {
    private Population() {
    }

    static List<Seat> seats(RunContext context, String scenario, int users) throws Exception {
        GatewayClient client = context.client();
        int accounts = context.options().accountsFor(users);
        int concurrency = context.options().concurrency();
        List<Seat> logins = Workers.build(accounts, Math.min(concurrency, 8), index -> {
            String name = context.username(scenario, users, index);
            int status = client.register(name);
            if (status != 200) {
                throw new IllegalStateException("registering " + name + " answered " + status);
            }
            return client.login(name);
        });
        return Workers.build(users, concurrency, index -> {
            Seat login = logins.get(index % accounts);
            return login.withSession(client.createSession(login.token()));
        });
    }
}
