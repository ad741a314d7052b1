package dev.gateway.common.server;

import io.helidon.webserver.WebServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A started service: its server and what to release, in order, when it stops. */
public final class RunningService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunningService.class.getName());

    private final String name;
    private final WebServer server;
    private final List<AutoCloseable> resources;
    private final List<Runnable> drainSteps = new CopyOnWriteArrayList<>();

    /** {@code resources} are closed after the server stops, first to last. */
    public RunningService(String name, WebServer server, List<AutoCloseable> resources) {
        this.name = name;
        this.server = server;
        this.resources = resources;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, name + ": failed to release " + resource, e);
            }
        }
    }

    /** Adds a step run by {@link #drain()}, e.g. turning unready and closing sockets gently. */
    public RunningService onDrain(Runnable step) {
        drainSteps.add(step);
        return this;
    }

    /** Runs the drain steps in order; the service keeps serving what it still holds until {@link #close()}. */
    public void drain() {
        for (Runnable step : drainSteps) {
            step.run();
        }
    }

    /** Drains, then stops the service when the JVM receives SIGTERM or SIGINT. */
    public RunningService closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            drain();
            close();
        }, name + "-shutdown"));
        return this;
    }
}
