package dev.gateway.bench.scenario;

import dev.gateway.bench.measure.Latencies;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code update_api_key} over open sockets until each {@code ack}, as ws-updates and its baselines drive it:
 * closed-loop (send, wait for the ack, repeat) by default; with {@code --rate R} open-loop at R messages per
 * second in all, latency measured from each message's scheduled send time so that queueing is not hidden.
 */
final class ApiKeyLoad {
    private static final String ACK = "{\"type\":\"ack\"";
    private static final String ERROR = "{\"type\":\"error\"";
    private static final String KEY_FIELD = "\"api_key\":\"";

    private ApiKeyLoad() {
    }

    /** What a load measured; {@code acked} holds each socket's last acknowledged sequence number. */
    record Outcome(String mode, double seconds, Latencies latencies, Map<String, Object> figures, AtomicLongArray acked) {
        ScenarioResult result(String scenario) {
            return new ScenarioResult(scenario, acked.length(), mode, seconds, latencies.count() / seconds,
                    latencies.summary(), figures);
        }
    }

    /** Runs warm-up and measured window over {@code sockets}, also measuring the {@code started} processes. */
    static Outcome run(RunContext context, List<BenchSocket> sockets, Map<String, Long> started) throws Exception {
        int users = sockets.size();
        TimedRun run = new TimedRun(context, started);
        Latencies latencies = run.latencies();
        AtomicLongArray acked = new AtomicLongArray(users);
        int rate = context.options().rate();
        double seconds;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            if (rate > 0) {
                long intervalNanos = TimeUnit.SECONDS.toNanos(1) * users / rate;
                Schedule schedule = new Schedule(System.nanoTime(), intervalNanos, users);
                for (int i = 0; i < users; i++) {
                    int seat = i;
                    sockets.get(seat).onMessage(message -> onOpenLoopReply(message, schedule, seat, latencies, acked));
                    executor.submit(() -> sendOnSchedule(sockets.get(seat), seat, schedule, run));
                }
            } else {
                long[] sentAt = new long[users];
                long[] sequence = new long[users];
                for (int i = 0; i < users; i++) {
                    int seat = i;
                    sockets.get(seat).onMessage(message -> onClosedLoopReply(message, sockets.get(seat), seat, sentAt,
                            sequence, run, latencies, acked));
                    sendNext(sockets.get(seat), seat, sentAt, sequence);
                }
            }
            seconds = run.await(context.options().warmup(), context.options().duration());
        }
        Thread.sleep(Duration.ofMillis(500).toMillis());
        return new Outcome(rate > 0 ? "open-loop " + rate + "/s" : "closed-loop", seconds, latencies, run.figures(), acked);
    }

    private static void onClosedLoopReply(String message, BenchSocket socket, int seat, long[] sentAt, long[] sequence,
                                          TimedRun run, Latencies latencies, AtomicLongArray acked) {
        if (message.startsWith(ACK)) {
            latencies.record(System.nanoTime() - sentAt[seat]);
            acked.set(seat, sequence[seat]);
        } else if (message.startsWith(ERROR)) {
            latencies.error("error_reply");
        } else {
            return;
        }
        if (run.running()) {
            sendNext(socket, seat, sentAt, sequence);
        }
    }

    private static void sendNext(BenchSocket socket, int seat, long[] sentAt, long[] sequence) {
        sequence[seat]++;
        sentAt[seat] = System.nanoTime();
        socket.send(update(seat, sequence[seat]));
    }

    private static void sendOnSchedule(BenchSocket socket, int seat, Schedule schedule, TimedRun run) {
        for (long k = 1; run.running(); k++) {
            long wait = schedule.due(seat, k) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            socket.send(update(seat, k));
        }
    }

    private static void onOpenLoopReply(String message, Schedule schedule, int seat, Latencies latencies,
                                        AtomicLongArray acked) {
        if (message.startsWith(ACK)) {
            long k = sequenceOf(message.substring(message.indexOf(KEY_FIELD) + KEY_FIELD.length()));
            latencies.record(System.nanoTime() - schedule.due(seat, k));
            acked.accumulateAndGet(seat, k, Math::max);
        } else if (message.startsWith(ERROR)) {
            latencies.error("error_reply");
        }
    }

    /** When each socket's k-th message is due: sockets are spread evenly over one interval. */
    private record Schedule(long startNanos, long intervalNanos, int sockets) {
        long due(int seat, long k) {
            return startNanos + intervalNanos * seat / sockets + k * intervalNanos;
        }
    }

    private static String update(int seat, long sequence) {
        return "{\"type\":\"update_api_key\",\"key\":\"s" + seat + "-" + sequence + "\"}";
    }

    /** The sequence number of a key {@code s<seat>-<n>} (the text may go on after the key). */
    static long sequenceOf(String keyAndRest) {
        int dash = keyAndRest.indexOf('-');
        int end = dash + 1;
        while (end < keyAndRest.length() && Character.isDigit(keyAndRest.charAt(end))) {
            end++;
        }
        return dash < 0 || end == dash + 1 ? 0 : Long.parseLong(keyAndRest.substring(dash + 1, end));
    }
}
