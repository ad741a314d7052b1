package dev.gateway.auth.admin;

import dev.gateway.common.config.Settings.RedisMode;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A summary of INFO from each Redis master, for {@code GET /admin/system/redis-info}. */
public final class RedisInfo {
    private static final List<String> FIELDS = List.of("redis_version", "redis_mode", "uptime_in_seconds",
            "connected_clients", "used_memory", "used_memory_human", "used_memory_peak_human", "maxmemory",
            "maxmemory_policy", "total_commands_processed", "instantaneous_ops_per_sec", "keyspace_hits",
            "keyspace_misses", "evicted_keys", "expired_keys", "db0");

    private final RedissonClient redis;
    private final RedisMode mode;

    public RedisInfo(RedissonClient redis, RedisMode mode) {
        this.redis = redis;
        this.mode = mode;
    }

    public Map<String, Object> report() {
        List<Map<String, String>> nodes = new ArrayList<>();
        masters().forEach(node -> nodes.add(summary(node)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        report.put("nodes", nodes);
        return report;
    }

    private List<? extends RedisNode> masters() {
        return switch (mode) {
            case SINGLE -> List.of(redis.getRedisNodes(RedisNodes.SINGLE).getInstance());
            case SENTINEL -> List.of(redis.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
            case CLUSTER -> List.copyOf(redis.getRedisNodes(RedisNodes.CLUSTER).getMasters());
        };
    }

    private static Map<String, String> summary(RedisNode node) {
        Map<String, String> info = node.info(RedisNode.InfoSection.ALL);
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("address", node.getAddr().getHostString() + ":" + node.getAddr().getPort());
        FIELDS.forEach(field -> {
            if (info.containsKey(field)) {
                summary.put(field, info.get(field));
            }
        });
        return summary;
    }
}
