package dev.gateway.bench.scenario;

import dev.gateway.bench.GatewayClient;
import dev.gateway.bench.GatewayClient.Seat;
import dev.gateway.bench.measure.Latencies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One more process holding part of a soak's sockets, since a process holds at most as many sockets as it
 * may open files. It reads its seats from a file, opens their sockets over every edge, prints
 * {@code opened N}, waits for a line on its standard input, then prints {@code closed_early K} and ends.
 */
public final class SoakChild {
    private static final String OPENED = "opened ";
    private static final String CLOSED_EARLY = "closed_early ";

    private SoakChild() {
    }

    /** Arguments: the seats file, the edges (comma-separated), the source addresses ("-" for none), the concurrency. */
    public static void main(String[] args) throws Exception {
        List<Seat> seats = Files.readAllLines(Path.of(args[0])).stream().map(line -> line.split("\t"))
                .map(fields -> new Seat(fields[0], fields[1], fields[2])).toList();
        List<URI> edges = Arrays.stream(args[1].split(",")).map(URI::create).toList();
        List<InetAddress> sources = new ArrayList<>();
        if (!args[2].equals("-")) {
            for (String address : args[2].split(",")) {
                sources.add(InetAddress.getByName(address));
            }
        }
        List<BenchSocket> sockets = Sockets.open(new GatewayClient(edges.getFirst(), sources), seats, edges,
                Integer.parseInt(args[3]), new Latencies());
        System.out.println(OPENED + sockets.size());
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println(CLOSED_EARLY + sockets.stream().filter(socket -> socket.closed.isDone()).count());
        Sockets.closeAll(sockets);
        Thread.sleep(1000);
        System.exit(0);
    }

    /** A started child process, as the soak's own process sees it. */
    static final class Handle implements AutoCloseable {
        private final Process process;
        private final BufferedReader output;

        private Handle(Process process) {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Handle start(RunContext context, List<Seat> seats, Path seatsFile) throws IOException {
            Files.createDirectories(seatsFile.getParent());
            Files.write(seatsFile, seats.stream().map(seat -> seat.username() + "\t" + seat.token() + "\t" + seat.sessionId())
                    .toList());
            String java = ProcessHandle.current().info().command().orElse("java");
            String sources = context.options().sourceAddresses().isEmpty() ? "-"
                    : context.options().sourceAddresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
            String edges = context.options().targets().stream().map(URI::toString).collect(Collectors.joining(","));
            Process process = new ProcessBuilder(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
                    SoakChild.class.getName(), seatsFile.toString(), edges, sources,
                    Integer.toString(context.options().concurrency()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new Handle(process);
        }

        /** How many sockets it opened, once they are all open; fails when the process ended without opening them. */
        long awaitOpened() throws IOException {
            return Long.parseLong(line(OPENED));
        }

        /** How many of its sockets the gateway closed before the end; the process then closes them all. */
        long closedEarly() throws IOException {
            OutputStream input = process.getOutputStream();
            input.write('\n');
            input.flush();
            return Long.parseLong(line(CLOSED_EARLY));
        }

        private String line(String prefix) throws IOException {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            throw new IOException("a soak process ended before it printed '" + prefix.trim() + "'");
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
