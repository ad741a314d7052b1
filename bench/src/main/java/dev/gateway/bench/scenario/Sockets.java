package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;

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
        return Workers.build(seats.size(), context.options().concurrency(), index -> {
            BenchSocket socket = new BenchSocket();
            try {
                socket.attach(context.client().connect(server, seats.get(index), socket).get(30, TimeUnit.SECONDS));
                socket.welcomed().get(30, TimeUnit.SECONDS);
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
