package dev.gateway.common.connections;

import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which hubs hold a user's sockets: one hash {@code connections:{user}} with a field per hub,
 * {@code <hub id>} = {@code <count>|<connected at ms>|<last activity ms>|<session id>}. Hubs update it when
 * sockets open and close; per-user events go only to the hubs listed here.
 *
 * <p>A hub that dies cannot clean up after itself, so every hub keeps a heartbeat key {@code hubs:{<hub id>}}
 * with a short lifetime; {@link #entries} ignores and removes the entries of hubs whose heartbeat expired.
 */
public final class ConnectionRecords {
    /** Adds one socket to the hub's entry, creating it with this socket's session and time. */
    private static final String OPENED = """
            local current = redis.call('hget', KEYS[1], ARGV[1])
            local count, since = 0, ARGV[2]
            if current then
              local parts = {}
              for part in string.gmatch(current, '[^|]+') do parts[#parts + 1] = part end
              count, since = tonumber(parts[1]), parts[2]
            end
            redis.call('hset', KEYS[1], ARGV[1], (count + 1) .. '|' .. since .. '|' .. ARGV[2] .. '|' .. ARGV[3])
            return count + 1""";
    /** Removes one socket from the hub's entry and drops the entry at zero. */
    private static final String CLOSED = """
            local current = redis.call('hget', KEYS[1], ARGV[1])
            if not current then return 0 end
            local parts = {}
            for part in string.gmatch(current, '[^|]+') do parts[#parts + 1] = part end
            local count = tonumber(parts[1]) - 1
            if count <= 0 then redis.call('hdel', KEYS[1], ARGV[1]) return 0 end
            redis.call('hset', KEYS[1], ARGV[1], count .. '|' .. parts[2] .. '|' .. ARGV[2] .. '|' .. parts[4])
            return count""";

    /** Moves the entry's last activity forward, leaving the rest as it is. */
    private static final String ACTIVE = """
            local current = redis.call('hget', KEYS[1], ARGV[1])
            if not current then return 0 end
            local parts = {}
            for part in string.gmatch(current, '[^|]+') do parts[#parts + 1] = part end
            if tonumber(parts[3]) >= tonumber(ARGV[2]) then return 0 end
            redis.call('hset', KEYS[1], ARGV[1], parts[1] .. '|' .. parts[2] .. '|' .. ARGV[2] .. '|' .. parts[4])
            return 1""";

    private static final String HEARTBEAT_PREFIX = "hubs:{";

    private final RedissonClient redis;

    public ConnectionRecords(RedissonClient redis) {
        this.redis = redis;
    }

    public void opened(String userId, String hubId, String sessionId) {
        run(OPENED, userId, hubId, Long.toString(System.currentTimeMillis()), sessionId);
    }

    public void closed(String userId, String hubId) {
        run(CLOSED, userId, hubId, Long.toString(System.currentTimeMillis()));
    }

    /** The hubs that hold at least one socket of {@code userId}. */
    public Set<String> hubsOf(String userId) {
        return hash(userId).readAllKeySet();
    }

    /** The hubs of each of {@code userIds}, read in one pipelined round. */
    public Map<String, Set<String>> hubsOf(Collection<String> userIds) {
        RBatch batch = redis.createBatch();
        Map<String, RFuture<Set<String>>> reads = new LinkedHashMap<>();
        for (String userId : userIds) {
            reads.put(userId, batch.<String, String>getMap(key(userId), StringCodec.INSTANCE).readAllKeySetAsync());
        }
        batch.execute();
        Map<String, Set<String>> hubs = new LinkedHashMap<>();
        reads.forEach((userId, read) -> hubs.put(userId, read.toCompletableFuture().getNow(Set.of())));
        return hubs;
    }

    /** The user's entry on each live hub; entries of hubs without a heartbeat are removed. */
    public Map<String, HubEntry> entries(String userId) {
        Map<String, HubEntry> entries = new TreeMap<>();
        hash(userId).readAllMap().forEach((hub, value) -> HubEntry.parse(value).ifPresent(entry -> entries.put(hub, entry)));
        if (entries.isEmpty()) {
            return entries;
        }
        RBatch batch = redis.createBatch();
        List<String> hubs = List.copyOf(entries.keySet());
        hubs.forEach(hub -> batch.getBucket(heartbeatKey(hub), StringCodec.INSTANCE).isExistsAsync());
        List<?> alive = batch.execute().getResponses();
        for (int i = 0; i < hubs.size(); i++) {
            if (!Boolean.TRUE.equals(alive.get(i))) {
                entries.remove(hubs.get(i));
                hash(userId).fastRemoveAsync(hubs.get(i));
            }
        }
        return entries;
    }

    /** Open sockets per hub over all users, summed from a SCAN of the records (for admin statistics). */
    public Map<String, Integer> socketsPerHub() {
        Map<String, Integer> perHub = new java.util.TreeMap<>();
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern("connections:*").chunkSize(500))) {
            redis.<String, String>getMap(key, StringCodec.INSTANCE).readAllMap().forEach((hub, value) ->
                    HubEntry.parse(value).ifPresent(entry -> perHub.merge(hub, entry.sockets(), Integer::sum)));
        }
        return perHub;
    }

    /** Marks {@code hubId} alive for {@code ttl}, holding {@code sockets}; a hub repeats this well within the ttl. */
    public void heartbeat(String hubId, Duration ttl, int sockets) {
        redis.getBucket(heartbeatKey(hubId), StringCodec.INSTANCE).set(Integer.toString(sockets), ttl);
    }

    /**
     * Every live hub with the number of sockets it held at its last heartbeat, for {@code /health/connections}
     * and {@code /admin/system/stats}. Event-stream instances are listed too, as {@code sse:<instance id>}.
     */
    public Map<String, Integer> liveHubs() {
        List<String> keys = redis.getKeys().getKeysStream(KeysScanOptions.defaults().pattern(HEARTBEAT_PREFIX + "*"))
                .toList();
        RBatch batch = redis.createBatch();
        keys.forEach(key -> batch.getBucket(key, StringCodec.INSTANCE).getAsync());
        List<?> counts = batch.execute().getResponses();
        Map<String, Integer> hubs = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (counts.get(i) instanceof String count && count.matches("[0-9]{1,9}")) {
                hubs.put(key.substring(HEARTBEAT_PREFIX.length(), key.length() - 1), Integer.parseInt(count));
            }
        }
        return hubs;
    }

    /** Marks {@code hubId} as gone at once, e.g. when it shuts down. */
    public void stopped(String hubId) {
        redis.getBucket(heartbeatKey(hubId), StringCodec.INSTANCE).delete();
    }

    /** Records the latest activity on the hub's sockets of each user, in one pipeline (coalesced by the caller). */
    public void active(String hubId, Map<String, Long> lastActivityMillis) {
        RBatch batch = redis.createBatch();
        lastActivityMillis.forEach((userId, at) -> {
            String key = key(userId);
            batch.getScript(StringCodec.INSTANCE).evalAsync(key, RScript.Mode.READ_WRITE, ACTIVE,
                    RScript.ReturnType.INTEGER, List.of(key), hubId, Long.toString(at));
        });
        batch.execute();
    }

    /** One hub's sockets of a user. */
    public record HubEntry(int sockets, long connectedAtMillis, long lastActivityMillis, String sessionId) {
        static Optional<HubEntry> parse(String value) {
            String[] parts = value.split("\\|", 4);
            if (parts.length < 4) {
                return Optional.empty();
            }
            return Optional.of(new HubEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]), parts[3]));
        }
    }

    private void run(String script, String userId, Object... args) {
        String key = key(userId);
        redis.getScript(StringCodec.INSTANCE)
                .eval(key, RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key), args);
    }

    private RMap<String, String> hash(String userId) {
        return redis.getMap(key(userId), StringCodec.INSTANCE);
    }

    static String heartbeatKey(String hubId) {
        return HEARTBEAT_PREFIX + hubId + "}";
    }

    static String key(String userId) {
        return "connections:{" + userId.toLowerCase(Locale.ROOT) + "}";
    }
}
