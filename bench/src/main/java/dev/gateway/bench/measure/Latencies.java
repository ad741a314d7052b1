package dev.gateway.bench.measure;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Latencies (microsecond resolution, up to a minute) and errors by kind, safe for many threads. */
public final class Latencies {
    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean recording = true;

    public void record(long nanos) {
        if (recording) {
            histogram.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), histogram.getHighestTrackableValue()));
        }
    }

    public void error(String kind) {
        if (recording) {
            errors.computeIfAbsent(kind, key -> new LongAdder()).increment();
        }
    }

    /** Forgets what the warm-up recorded. */
    public void reset() {
        histogram.reset();
        errors.clear();
    }

    /** Stops recording, so that the tail of a run (closing sockets) is not counted. */
    public void stop() {
        recording = false;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public Summary summary() {
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
        return new Summary(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()), errorCounts);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** Percentiles in milliseconds. */
    public record Summary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                          Map<String, Long> errors) {
    }
}
