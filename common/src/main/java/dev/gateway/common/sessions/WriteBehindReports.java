package dev.gateway.common.sessions;

import dev.gateway.common.json.Json;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every instance's write-behind figures, so that {@code /admin/system/stats} on any auth-service shows the
 * batchers of all services: each instance writes its {@link WriteBehindStats} every {@link #PERIOD} into one
 * hash {@code writebehind:stats} (one key, so the layout works on Redis Cluster), and readers drop the
 * entries of instances that stopped reporting.
 */
public final class WriteBehindReports implements AutoCloseable {
    /** How often an instance reports. */
    public static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Duration STALE = PERIOD.multipliedBy(6);
    private static final Logger LOG = Logger.getLogger(WriteBehindReports.class.getName());

    private final RMap<String, String> reports;
    private final String instanceId;
    private final Supplier<WriteBehindStats> stats;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("writebehind-report").factory());

    /** Reports {@code stats} as {@code instanceId} from now on, at once and then every {@link #PERIOD}. */
    public WriteBehindReports(RedissonClient redis, String instanceId, Supplier<WriteBehindStats> stats, Clock clock) {
        this.reports = redis.getMap("writebehind:stats", StringCodec.INSTANCE);
        this.instanceId = instanceId;
        this.stats = stats;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::report, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reported snapshot and when it was taken. */
    record Report(long reportedAtMillis, WriteBehindStats stats) {
    }

    /** {@code {instances: {id: figures}, total: figures summed}} of the instances that reported lately. */
    public Map<String, Object> all() {
        Map<String, WriteBehindStats> live = new TreeMap<>();
        long oldest = clock.millis() - STALE.toMillis();
        List<String> stale = new ArrayList<>();
        reports.readAllMap().forEach((instance, json) -> {
            Report report = Json.read(json, Report.class);
            if (report.reportedAtMillis() >= oldest) {
                live.put(instance, report.stats());
            } else {
                stale.add(instance);
            }
        });
        if (!stale.isEmpty()) {
            reports.fastRemove(stale.toArray(String[]::new));
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("instances", live);
        all.put("total", sum(live.values()));
        return all;
    }

    private static WriteBehindStats sum(Iterable<WriteBehindStats> all) {
        long received = 0;
        long merged = 0;
        long touches = 0;
        long rounds = 0;
        long commands = 0;
        long failed = 0;
        long depth = 0;
        double roundMillis = 0;
        for (WriteBehindStats stats : all) {
            received += stats.updatesReceived();
            merged += stats.updatesMerged();
            touches += stats.touchesReceived();
            rounds += stats.rounds();
            commands += stats.redisCommands();
            failed += stats.failedRounds();
            depth += stats.queueDepth();
            roundMillis += stats.meanRoundMillis() * stats.rounds();
        }
        return new WriteBehindStats(received, merged, touches, rounds, commands, failed, depth,
                rounds == 0 ? 0 : roundMillis / rounds);
    }

    private void report() {
        try {
            reports.fastPut(instanceId, Json.string(new Report(clock.millis(), stats.get())));
        } catch (RedisException e) {
            LOG.log(Level.FINE, "write-behind figures not reported", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            reports.fastRemove(instanceId);
        } catch (RedisException e) {
            LOG.log(Level.FINE, "write-behind report not removed", e);
        }
    }
}
