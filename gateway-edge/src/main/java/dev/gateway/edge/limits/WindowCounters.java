package dev.gateway.edge.limits;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Fixed-window request counters in Redis, shared by every edge: one key per budget and subject,
 * {@code ratelimit:{<class>:<subject>}}, incremented (by one request or by a batch of them) and given the window as its TTL by one script.
 */
final class WindowCounters {
    private static final String INCREMENT = """
            local count = redis.call('INCRBY', KEYS[1], ARGV[2])
            if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}
            """;

    private final RScript scripts;
    private final Duration window;
    private final Duration callTimeout;

    WindowCounters(RedissonClient redis, Duration window, Duration callTimeout) {
        this.scripts = redis.getScript(StringCodec.INSTANCE);
        this.window = window;
        this.callTimeout = callTimeout;
    }

    static String key(RouteClass routeClass, String subject) {
        return "ratelimit:{" + routeClass.name().toLowerCase(Locale.ROOT) + ":" + subject + "}";
    }

    /** Counts {@code requests} more requests; throws when Redis does not answer within the call timeout. */
    Count increment(String key, long requests) throws Exception {
        List<Long> result = scripts.<List<Long>>evalAsync(key, RScript.Mode.READ_WRITE, INCREMENT,
                        RScript.ReturnType.MULTI, List.of(key), Long.toString(window.toMillis()), Long.toString(requests))
                .toCompletableFuture()
                .get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Count(result.get(0), result.get(1));
    }

    /** Requests counted in the current window and the milliseconds until it resets. */
    record Count(long count, long resetMillis) {
    }
}
