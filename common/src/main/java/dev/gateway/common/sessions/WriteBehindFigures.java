package dev.gateway.common.sessions;

import dev.gateway.common.metrics.Metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The write-behind batcher's counters, registered on {@code /metrics} and readable as {@link WriteBehindStats}. */
final class WriteBehindFigures {
    final LongAdder received;
    final LongAdder merged;
    final LongAdder touches;
    final LongAdder rejected;
    final LongAdder rounds;
    final LongAdder commands;
    final LongAdder failed;
    private final LongAdder roundNanos = new LongAdder();
    private final Metrics.Summary latency;
    private final IntSupplier depth;

    WriteBehindFigures(Metrics metrics, IntSupplier depth) {
        this.depth = depth;
        received = metrics.counter("session_writes_received_total", "Session updates queued for writing");
        merged = metrics.counter("session_writes_merged_total", "Session updates merged into another update of the same session");
        touches = metrics.counter("session_touches_total", "Session uses queued to extend the session's life");
        rejected = metrics.counter("session_writes_rejected_total", "Session updates refused because the queue was full");
        rounds = metrics.counter("session_write_rounds_total", "Write-behind rounds written to Redis");
        commands = metrics.counter("session_write_commands_total", "Redis commands sent by write-behind rounds");
        failed = metrics.counter("session_write_rounds_failed_total", "Write-behind rounds that failed and were retried");
        latency = metrics.summary("session_write_round_seconds", "Time from a round's start to its success", null, null);
        metrics.gauge("session_write_queue_depth", "Session updates waiting to be written", depth::getAsInt);
    }

    void roundWritten(long nanos) {
        rounds.increment();
        roundNanos.add(nanos);
        latency.record(nanos);
    }

    WriteBehindStats snapshot() {
        long roundCount = rounds.sum();
        return new WriteBehindStats(received.sum(), merged.sum(), touches.sum(), roundCount, commands.sum(),
                failed.sum(), depth.getAsInt(), roundCount == 0 ? 0 : roundNanos.sum() / 1e6 / roundCount);
    }
}
