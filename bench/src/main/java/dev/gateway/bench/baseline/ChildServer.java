package dev.gateway.bench.baseline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A server that a baseline starts as a child process of the benchmark, so that it shares the cores but not the
 * load generator's JVM: ready once it listens on its loopback port and has forked its workers, stopped (with
 * those workers) by {@link #close()}.
 */
public final class ChildServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final int port;

    private ChildServer(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** A loopback port that nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts {@code command} with its output in {@code log}, and waits until it listens on {@code port} and has
     * {@code workers} child processes; fails with the end of the log when it exits or takes too long.
     */
    public static ChildServer start(String name, List<String> command, int port, int workers, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildServer server = new ChildServer(name, process, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!server.accepts() || process.children().count() < workers) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException(name + " did not start on port " + port + "; its output ends with: "
                        + tail(log));
            }
            Thread.sleep(50);
        }
        return server;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The process and its workers by name ({@code nginx}, {@code nginx-worker-1}), for the CPU and memory figures. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        pids.put(name, process.pid());
        List<ProcessHandle> workers = process.children().toList();
        for (int i = 0; i < workers.size(); i++) {
            pids.put(name + "-worker-" + (i + 1), workers.get(i).pid());
        }
        return pids;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM, a graceful stop for both the JVM and nginx), then kills what is left. */
    @Override
    public void close() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
