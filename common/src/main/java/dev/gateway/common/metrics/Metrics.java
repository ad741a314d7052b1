package dev.gateway.common.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A service's metrics, rendered in the Prometheus text format on {@code /metrics}: counters (optionally
 * with one label), gauges read at scrape time, and latency summaries (count and sum). Names are prefixed
 * {@code gateway_}.
 */
public final class Metrics {
    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** A counter without labels. */
    public LongAdder counter(String name, String help) {
        return counter(name, help, null, null);
    }

    /** The counter of {@code name} for one value of one label, e.g. {@code status="200"}. */
    public LongAdder counter(String name, String help, String label, String value) {
        Family family = families.computeIfAbsent(name, key -> new Family("counter", help));
        return family.counters.computeIfAbsent(labels(label, value), key -> new LongAdder());
    }

    /** A gauge whose value is read from {@code value} at every scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        families.computeIfAbsent(name, key -> new Family("gauge", help)).gauges.put("", value);
    }

    /** A latency summary; record with {@link Summary#record(long)} in nanoseconds, exposed in seconds. */
    public Summary summary(String name, String help, String label, String value) {
        Family family = families.computeIfAbsent(name, key -> new Family("summary", help));
        return family.summaries.computeIfAbsent(labels(label, value), key -> new Summary());
    }

    /** The Prometheus text exposition of every metric. */
    public String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> family.render("gateway_" + name, out));
        return out.toString();
    }

    private static String labels(String label, String value) {
        return label == null ? "" : "{" + label + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** Count and total of observed durations. */
    public static final class Summary {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        public void record(long durationNanos) {
            count.increment();
            nanos.add(durationNanos);
        }
    }

    private static final class Family {
        private final String type;
        private final String help;
        private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
        private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
        private final Map<String, Summary> summaries = new ConcurrentSkipListMap<>();

        private Family(String type, String help) {
            this.type = type;
            this.help = help;
        }

        private void render(String name, StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            counters.forEach((labels, value) -> out.append(name).append(labels).append(' ').append(value.sum()).append('\n'));
            gauges.forEach((labels, value) -> out.append(name).append(labels).append(' ').append(value.getAsDouble()).append('\n'));
            summaries.forEach((labels, summary) -> {
                out.append(name).append("_count").append(labels).append(' ').append(summary.count.sum()).append('\n');
                out.append(name).append("_sum").append(labels).append(' ').append(summary.nanos.sum() / 1e9).append('\n');
            });
        }
    }
}
