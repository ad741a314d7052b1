package dev.gateway.bench;

import dev.gateway.bench.report.Report;
import dev.gateway.bench.scenario.AccountScenario;
import dev.gateway.bench.scenario.Argon2Scenario;
import dev.gateway.bench.scenario.FanoutScenario;
import dev.gateway.bench.scenario.HttpUpdateScenario;
import dev.gateway.bench.scenario.NginxUpdateScenario;
import dev.gateway.bench.scenario.RunContext;
import dev.gateway.bench.scenario.Scenario;
import dev.gateway.bench.scenario.ScenarioResult;
import dev.gateway.bench.scenario.SoakScenario;
import dev.gateway.bench.scenario.WsEchoScenario;
import dev.gateway.bench.scenario.WsUpdateScenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The load generator: runs each chosen scenario at each user count against a running gateway and writes
 * the report. See {@code ./gateway bench --help}.
 */
public final class Main {
    static final Map<String, Supplier<Scenario>> SCENARIOS = Map.ofEntries(
            Map.entry("register", AccountScenario::register),
            Map.entry("login", AccountScenario::login),
            Map.entry("http-updates", HttpUpdateScenario::new),
            Map.entry("ws-updates", WsUpdateScenario::throughEdge),
            Map.entry("soak", SoakScenario::new),
            Map.entry("fanout", FanoutScenario::new),
            Map.entry(Baseline.HUB.scenario(), WsUpdateScenario::straightToHub),
            Map.entry(Baseline.ECHO.scenario(), WsEchoScenario::new),
            Map.entry(Baseline.ARGON2.scenario(), Argon2Scenario::new),
            Map.entry(Baseline.NGINX.scenario(), NginxUpdateScenario::new));

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        System.out.println(Report.write(options, run(options)));
        System.exit(0);
    }

    /** Runs every scenario, each chosen baseline next to the scenario it is compared with, at every user count, in order. */
    public static List<ScenarioResult> run(BenchOptions options) throws Exception {
        RunContext context = RunContext.create(options);
        List<ScenarioResult> results = new ArrayList<>();
        for (String name : options.plan()) {
            Supplier<Scenario> scenario = SCENARIOS.get(name);
            if (scenario == null) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + SCENARIOS.keySet());
            }
            for (int users : options.users()) {
                System.err.printf("running %s with %d users...%n", name, users);
                results.add(scenario.get().run(context, users));
            }
        }
        return results;
    }

    static String usage() {
        return """
                usage: ./gateway bench [--scenario ws-updates,http-updates,register,login,soak,fanout]
                                       [--users 100,500] [--duration 20s] [--warmup 3s] [--rate 0]
                                       [--concurrency 32] [--accounts N] [--target http://127.0.0.1:8000]
                                       [--redis redis://127.0.0.1:6379] [--pids var/run] [--out var/bench]
                                       [--source-addresses 127.0.0.2,127.0.0.3]
                                       [--baseline hub,echo,argon2,nginx|all] [--hub http://127.0.0.1:8083]
                                       [--session-service http://127.0.0.1:8082] [--nginx nginx] [--processes 1]
                  --target      one edge, or several (comma-separated): soak spreads its sockets over all of them
                  --processes P soak opens its sockets from P processes (one process may hold about 19,000 here)
                  --rate R      open-loop at R messages/s in all (ws-updates, hub-ws-updates, ws-echo); 0 = closed loop
                  --accounts N  accounts to log in (each user gets its own session); default min(users, 200)
                  --baseline    reference runs in the same run, each right after the scenario it is compared with,
                                reported as ratios in their own table:
                                  hub     hub-ws-updates: ws-updates straight to the ws-hub at --hub (logins via --target)
                                  echo    ws-echo: the same loop against a bare Helidon WebSocket server that answers
                                          each update with the hub's ack, started as a separate JVM on a free port
                                  argon2  argon2: bare Argon2id verifications (auth-service defaults m=19456 KiB, t=2,
                                          p=1) on --concurrency threads in this process; compared with login
                                  nginx   nginx-http-updates: http-updates through nginx (--nginx: a path, or looked up
                                          on PATH; worker_processes 1, upstream keep-alive) in front of the
                                          session-service at --session-service; "nginx not installed" without it
                                Each is also a scenario of its own for --scenario.""";
    }
}
