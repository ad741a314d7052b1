package dev.gateway.common.sessions;

/**
 * The figures of a {@link SessionWriteBehind} since start, for {@code /admin/system/stats}: updates received,
 * updates merged into another update of the same session, rounds written, Redis commands sent, failed
 * rounds (retried), updates waiting now, and the mean round latency.
 */
public record WriteBehindStats(long updatesReceived,
                               long updatesMerged,
                               long touchesReceived,
                               long rounds,
                               long redisCommands,
                               long failedRounds,
                               long queueDepth,
                               double meanRoundMillis) {
}
