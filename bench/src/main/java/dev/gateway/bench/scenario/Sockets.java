package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opening and closing the sockets of a run. */
final class Sockets {
    private Sockets() {
    }

    /** One welcomed socket per seat on the edge, opened with bounded concurrency. */
    static List<BenchSocket> open(RunContext context, List<Seat> seats) throws Exception {
        return open(context, seats, context.options().target());
    }

    /** One welcomed socket per seat on {@code server}, opened with bounded concurrency. */
    static List<BenchSocket> open(RunContext context, List<Seat> seats, URI server) throws Exception {
        return open(context.client(), seats, List.of(server), context.options().concurrency(), new Latencies());
    }

    /**
     * One welcomed socket per seat, spread over {@code servers} in turn, opened with bounded concurrency;
     * {@code connects} gets the time from each connect to its welcome.
     */
    static List<BenchSocket> open(GatewayClient client, List<Seat> seats, List<URI> servers, int concurrency,
                                  Latencies connects) throws Exception {
        return Workers.build(seats.size(), concurrency, index -> {
            URI server = servers.get(index % servers.size());
            long start = System.nanoTime();
            BenchSocket socket = new BenchSocket();
            try {
                socket.attach(client.connect(server, seats.get(index), socket).get(30, TimeUnit.SECONDS));
                socket.welcomed().get(30, TimeUnit.SECONDS);
                connects.record(System.nanoTime() - start);
            } catch (Exception e) {
                throw new IllegalStateException("socket " + index + " did not open: " + e.getMessage(), e);
            }
            return socket;
        });
    }

    static void closeAll(List<BenchSocket> sockets) {
        sockets.forEach(BenchSocket::close);
    }
}
