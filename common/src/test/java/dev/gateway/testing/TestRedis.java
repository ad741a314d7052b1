package dev.gateway.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Redis for tests: a container when a Docker engine answers, else a {@code redis-server} process on a
 * free port, else the binary shipped by embedded-redis. Never a mock.
 */
public final class TestRedis implements AutoCloseable {
    private static TestRedis shared;

    private final String host;
    private final int port;
    private AutoCloseable stopper;
    /** Starts the same server again on the same port and data directory; null for containers. */
    private Launcher relauncher;

    private TestRedis(String host, int port, AutoCloseable stopper) {
        this.host = host;
        this.port = port;
        this.stopper = stopper;
    }

    private interface Launcher {
        AutoCloseable launch() throws IOException;
    }

    /** One Redis for the whole test JVM; stopped when the JVM exits. Tests isolate by key, or flush it. */
    public static synchronized TestRedis shared() {
        if (shared == null) {
            shared = start();
            TestRedis instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return shared;
    }

    /** A fresh Redis of its own, for tests that stop or restart it. */
    public static TestRedis start() {
        if (dockerEngineAnswers()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            return new TestRedis(container.getHost(), container.getMappedPort(6379), container::stop);
        }
        int port = freePort();
        Path binary = findOnPath("redis-server");
        if (binary != null) {
            return startProcess(binary, port);
        }
        return startEmbedded(port);
    }

    /** A Redis process of its own (never a container), so that {@link #restart()} keeps its port. */
    public static TestRedis startLocal() {
        int port = freePort();
        Path binary = findOnPath("redis-server");
        return binary != null ? startProcess(binary, port) : startEmbedded(port);
    }

    /**
     * Stops Redis as an operator would ({@code SHUTDOWN SAVE}: every write answered so far is kept) and
     * starts it again on the same port with the same data. Only for {@link #startLocal()} instances.
     */
    public synchronized void restart() {
        if (relauncher == null) {
            throw new IllegalStateException("restart needs a Redis from TestRedis.startLocal()");
        }
        command("SHUTDOWN", "SAVE");
        try {
            stopper.close();
            stopper = relauncher.launch();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart test Redis", e);
        }
        awaitReady();
    }

    public URI url() {
        return URI.create("redis://" + host + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Sends one command and returns the first line of the reply, e.g. {@code +OK}. */
    public String command(String... args) {
        try (Socket socket = new Socket(host, port)) {
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + url() + " did not answer", e);
        }
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    @Override
    public void close() {
        try {
            stopper.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop test Redis", e);
        }
    }

    private static TestRedis startProcess(Path binary, int port) {
        try {
            Path dir = Files.createTempDirectory("test-redis-");
            Launcher launcher = () -> {
                Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                        .start();
                return () -> {
                    process.destroy();
                    process.waitFor();
                };
            };
            return started(port, launcher);
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server", e);
        }
    }

    private static TestRedis startEmbedded(int port) {
        try {
            Launcher launcher = () -> {
                RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
                server.start();
                return server::stop;
            };
            return started(port, launcher);
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded Redis", e);
        }
    }

    private static TestRedis started(int port, Launcher launcher) throws IOException {
        TestRedis redis = new TestRedis("127.0.0.1", port, launcher.launch());
        redis.relauncher = launcher;
        redis.awaitReady();
        return redis;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                sleep();
            }
        }
        throw new IllegalStateException("Redis on port " + port + " did not become ready");
    }

    private static boolean dockerEngineAnswers() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        try {
            return configured && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
