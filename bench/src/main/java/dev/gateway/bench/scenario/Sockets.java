package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient.Seat;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opening and closing the sockets of a run. */
final class Sockets {
    private Sockets() {
    }

    /** One welcomed socket per seat, opened with bounded concurrency. */
    static List<BenchSocket> open(RunContext context, List<Seat> seats) throws Exception {
        return Workers.build(seats.size(), context.options().concurrency(), index -> {
            BenchSocket socket = new BenchSocket();
            try {
                socket.attach(context.client().connect(seats.get(index), socket).get(30, TimeUnit.SECONDS));
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
