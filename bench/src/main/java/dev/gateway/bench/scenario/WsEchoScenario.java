package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.baseline.ChildServer;
import dev.gateway.bench.baseline.EchoServer;

import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code ws-echo}: the ws-updates loop ({@link ApiKeyLoad}) against a bare Helidon WebSocket server that answers
 * each update with the hub's ack at once, started as a process of its own for the run: what Helidon's
 * WebSocket handling alone allows on these cores. It stores nothing, so there are no accounts and no lost-update check.
 */
public final class WsEchoScenario implements Scenario {
    @Override
    public String name() {
        return EchoServer.NAME;
    }

    @Override
    public ScenarioResult run(RunContext context, int users) throws Exception {
        List<Seat> seats = IntStream.range(0, users).mapToObj(i -> new Seat("echo-" + i, "none", "echo-" + i)).toList();
        try (ChildServer echo = EchoServer.spawn(context.options().out().resolve(name() + "-" + context.runId() + ".log"))) {
            List<BenchSocket> sockets = Sockets.open(context, seats, echo.uri());
            ApiKeyLoad.Outcome load = ApiKeyLoad.run(context, sockets, echo.pids());
            Sockets.closeAll(sockets);
            return load.result(name());
        }
    }
}
