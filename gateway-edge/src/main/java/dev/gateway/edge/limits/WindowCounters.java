package dev.gateway.edge.limits;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
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

    private final RedissonClient redis;
    private final RScript scripts;
    private final Duration window;
    private final Duration callTimeout;

    WindowCounters(RedissonClient redis, Duration window, Duration callTimeout) {
        this.redis = redis;
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

    /** Counts {@code requests.get(i)} more requests for each {@code keys.get(i)}, all in one pipelined round. */
    List<Count> incrementAll(List<String> keys, List<Long> requests) throws Exception {
        RBatch batch = redis.createBatch(BatchOptions.defaults().responseTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
        List<RFuture<List<Long>>> results = new ArrayList<>(keys.size());
        RScriptAsync batchScripts = batch.getScript(StringCodec.INSTANCE);
        for (int i = 0; i < keys.size(); i++) {
            results.add(batchScripts.evalAsync(keys.get(i), RScript.Mode.READ_WRITE, INCREMENT, RScript.ReturnType.MULTI,
                    List.of(keys.get(i)), Long.toString(window.toMillis()), Long.toString(requests.get(i))));
        }
        batch.execute();
        List<Count> counts = new ArrayList<>(keys.size());
        for (RFuture<List<Long>> result : results) {
            List<Long> answer = result.toCompletableFuture().getNow(null);
            counts.add(new Count(answer.get(0), answer.get(1)));
        }
        return counts;
    }

    /** Requests counted in the current window and the milliseconds until it resets. */
    record Count(long count, long resetMillis) {
    }
}
