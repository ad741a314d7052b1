package dev.gateway.bench.scenario;

import dev.gateway.bench.measure.Latencies;

import java.time.Duration;
import java.util.Map;

/**
 * The clock of a closed- or open-loop run: a warm-up whose figures are discarded, then the measured
 * window, after which loops see {@link #running()} turn false.
 */
final class TimedRun {
    private final Latencies latencies = new Latencies();
    private final Measurement measurement;
    private volatile boolean running = true;

    TimedRun(RunContext context) {
        this(context, Map.of());
    }

    /** Also measures {@code started}, the processes a baseline started (name to pid). */
    TimedRun(RunContext context, Map<String, Long> started) {
        this.measurement = new Measurement(context, started);
    }

    Latencies latencies() {
        return latencies;
    }

    /** CPU, memory and Redis figures of the measured window, per operation recorded. */
    Map<String, Object> figures() {
        return measurement.finish(latencies.count());
    }

    boolean running() {
        return running;
    }

    /** Blocks through warm-up and the measured window; returns the measured seconds. */
    double await(Duration warmup, Duration duration) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        latencies.reset();
        measurement.start();
        Thread.sleep(duration.toMillis());
        double seconds = measurement.elapsedSeconds();
        latencies.stop();
        running = false;
        return seconds;
    }
}
