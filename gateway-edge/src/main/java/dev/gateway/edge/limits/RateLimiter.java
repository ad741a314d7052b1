package dev.gateway.edge.limits;

import dev.gateway.common.config.Settings.RateLimitSettings;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.metrics.Metrics;
import dev.gateway.edge.limits.WindowCounters.Count;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Distributed rate limits: fixed windows counted in Redis so every edge shares one budget per client IP and
 * per user and route class ({@link SharedWindows} batches an edge's requests while a budget is far from
 * used up). When Redis fails or is slow, this edge counts locally against the same limits
 * for a while (so each edge allows at most the limit on its own), never letting requests through uncounted.
 */
public final class RateLimiter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    private static final Duration REDIS_CALL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration LOCAL_AFTER_FAILURE = Duration.ofSeconds(5);
    private static final int LOCAL_KEYS_BEFORE_PURGE = 10_000;

    private final RateLimitSettings limits;
    private final SharedWindows redis;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, LocalWindow> local = new ConcurrentHashMap<>();
    private volatile Instant localUntil = Instant.MIN;

    public RateLimiter(RedissonClient redis, RateLimitSettings limits, Clock clock, Metrics metrics) {
        this.limits = limits;
        this.redis = new SharedWindows(new WindowCounters(redis, limits.window(), REDIS_CALL_TIMEOUT));
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("edge_rate_limits_local", "1 while this edge counts rate limits locally because Redis failed",
                () -> clock.instant().isAfter(localUntil) ? 0 : 1);
    }

    /** Spends one request of the client IP's budget for the class of {@code path}; 429 when it is used up. */
    public void checkIp(String path, String clientIp, ServerResponse response) {
        RouteClass routeClass = RouteClass.of(path);
        if (routeClass != RouteClass.EXEMPT) {
            check(routeClass, "ip:" + clientIp, routeClass.perIp(limits), response);
        }
    }

    /** Spends one request of the user's budget for the class of {@code path}; 429 when it is used up. */
    public void checkUser(String path, String userId, ServerResponse response) {
        RouteClass routeClass = RouteClass.of(path);
        int limit = routeClass.perUser(limits);
        if (limit != Integer.MAX_VALUE) {
            check(routeClass, "user:" + userId, limit, response);
        }
    }

    /**
     * Spends one request of the client IP's budget for a WebSocket upgrade on {@code path}; false when it is
     * used up. Upgrades bypass HTTP filters, so the socket endpoints ask here and close the socket themselves.
     */
    public boolean admitsSocket(String path, String clientIp) {
        RouteClass routeClass = RouteClass.of(path);
        return routeClass == RouteClass.EXEMPT || !spend(routeClass, "ip:" + clientIp, routeClass.perIp(limits)).exceeded();
    }

    private void check(RouteClass routeClass, String subject, int limit, ServerResponse response) {
        Spent spent = spend(routeClass, subject, limit);
        String reset = Long.toString(spent.resetSeconds());
        if (spent.exceeded()) {
            throw new ApiException(429, "Too Many Requests", "Rate limit of " + limit + " requests per "
                    + limits.window().toSeconds() + " s exceeded")
                    .withHeader("Retry-After", reset)
                    .withHeader("RateLimit-Limit", Integer.toString(limit))
                    .withHeader("RateLimit-Remaining", "0")
                    .withHeader("RateLimit-Reset", reset);
        }
        // the tighter of the IP and user budgets is the one the client should see
        long shown = response.headers().first(HeaderNames.create("RateLimit-Remaining")).map(Long::parseLong).orElse(Long.MAX_VALUE);
        if (spent.remaining() <= shown) {
            response.header("RateLimit-Limit", Integer.toString(limit));
            response.header("RateLimit-Remaining", Long.toString(spent.remaining()));
            response.header("RateLimit-Reset", reset);
        }
    }

    private Spent spend(RouteClass routeClass, String subject, int limit) {
        Count count = count(WindowCounters.key(routeClass, subject), limit);
        Spent spent = new Spent(limit, count.count(), Math.max(1, (count.resetMillis() + 999) / 1000));
        if (spent.exceeded()) {
            metrics.counter("edge_rate_limited_total", "Requests refused by a rate limit, by route class",
                    "class", routeClass.name().toLowerCase(Locale.ROOT)).increment();
        }
        return spent;
    }

    /** Stops the rounds that add this edge's batched counts to Redis. */
    @Override
    public void close() {
        redis.close();
    }

    /** One request counted against a budget of {@code limit}. */
    private record Spent(int limit, long count, long resetSeconds) {
        boolean exceeded() {
            return count > limit;
        }

        long remaining() {
            return Math.max(0, limit - count);
        }
    }

    private Count count(String key, int limit) {
        Instant now = clock.instant();
        if (now.isAfter(localUntil)) {
            try {
                return redis.increment(key, limit);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "rate limits counted locally for " + LOCAL_AFTER_FAILURE.toSeconds()
                        + " s: Redis failed: " + e);
                localUntil = now.plus(LOCAL_AFTER_FAILURE);
            }
        }
        if (local.size() > LOCAL_KEYS_BEFORE_PURGE) {
            local.values().removeIf(window -> window.isOver(now));
        }
        return local.compute(key, (k, window) -> window == null || window.isOver(now)
                ? new LocalWindow(now.plus(limits.window()), 1) : window.plusOne()).count(now);
    }

    /** A window counted in this edge's memory while Redis is unavailable. */
    private record LocalWindow(Instant resetsAt, long requests) {
        boolean isOver(Instant now) {
            return !now.isBefore(resetsAt);
        }

        LocalWindow plusOne() {
            return new LocalWindow(resetsAt, requests + 1);
        }

        Count count(Instant now) {
            return new Count(requests, Duration.between(now, resetsAt).toMillis());
        }
    }
}
