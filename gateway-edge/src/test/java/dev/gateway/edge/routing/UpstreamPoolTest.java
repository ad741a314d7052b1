package dev.gateway.edge.routing;

import dev.gateway.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instances that refuse connections are taken out, offered last, and retried after a while. */
class UpstreamPoolTest {
    private static final URI A = URI.create("http://a:1");
    private static final URI B = URI.create("http://b:1");

    private final MutableClock clock = new MutableClock();
    private final Metrics metrics = new Metrics();
    private final UpstreamPool pool = new UpstreamPool("svc", List.of(A, B), clock, metrics);

    @Test
    void healthyInstancesTakeTurns() {
        assertEquals(A, pool.attemptOrder().getFirst());
        assertEquals(B, pool.attemptOrder().getFirst());
        assertEquals(A, pool.attemptOrder().getFirst());
    }

    @Test
    void instanceTakenOutIsOfferedOnlyAfterTheOthers() {
        pool.markDown(A);
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(B, A), pool.attemptOrder());
        }
    }

    @Test
    void instanceTakenOutIsRetriedAfterTheRetryDelay() {
        pool.markDown(A);
        assertTrue(pool.isOut(A));
        clock.now = clock.now.plus(UpstreamPool.RETRY_AFTER);
        assertFalse(pool.isOut(A));
        assertTrue(pool.attemptOrder().contains(A));
        assertEquals(2, List.of(pool.attemptOrder().getFirst(), pool.attemptOrder().getFirst()).stream().distinct().count());
    }

    @Test
    void refusalsAreCountedPerService() {
        pool.markDown(A);
        pool.markDown(B);
        assertTrue(metrics.render().contains("gateway_edge_upstream_refused_total{service=\"svc\"} 2"), metrics.render());
    }

    @Test
    void instanceThatAnswersIsBackAtOnce() {
        pool.markDown(A);
        pool.markUp(A);
        assertFalse(pool.isOut(A));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
