package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gateway.common.json.Json;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Sessions in Redis. Each session is one hash {@code sessions:{id}} whose {@code data} keys are stored as
 * separate fields ({@code d:<key>} = JSON), so an update writes only the keys it changes and concurrent
 * updates never overwrite each other. A per-user set {@code user_sessions:{user}} lists a user's sessions.
 * The session hash expires after the inactivity timeout; writes extend it.
 */
public final class SessionStore {
    private static final String SESSION_PREFIX = "sessions:{";
    private static final String DATA_PREFIX = "d:";
    private static final String USER_ID = "user_id";
    private static final String CHAT_ID = "chat_id";
    private static final String CREATED_AT = "created_at";
    private static final String LAST_ACCESS = "last_access";
    private static final String SESSION_PATTERN = "sessions:*";
    private static final String INDEX_PATTERN = "user_sessions:*";

    /**
     * Writes the fields only if the session exists, so an update never resurrects an ended session, and
     * belongs to ARGV[2] when that is given, so an update for a session that ended and was created anew
     * under the same id by someone else never lands in theirs.
     */
    private static final String UPDATE_IF_EXISTS = """
            if redis.call('exists', KEYS[1]) == 0 then return 0 end
            if ARGV[2] ~= '' and redis.call('hget', KEYS[1], 'user_id') ~= ARGV[2] then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV, 3))
            redis.call('pexpire', KEYS[1], ARGV[1])
            return 1""";
    /** Creates the session only if the id is free. */
    private static final String CREATE_IF_ABSENT = """
            if redis.call('exists', KEYS[1]) == 1 then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV, 2))
            redis.call('pexpire', KEYS[1], ARGV[1])
            return 1""";

    /**
     * One page of SCAN over the session keys, with each session's summary fields, in one round trip.
     * Scans on until {@code limit} sessions are found, the keyspace ends, or 10 SCAN calls were made.
     */
    private static final String SCAN_PAGE = """
            local cursor, limit, found, calls = ARGV[1], tonumber(ARGV[2]), {}, 0
            repeat
              local reply = redis.call('scan', cursor, 'match', 'sessions:{*}', 'count', limit)
              cursor = reply[1]
              for _, key in ipairs(reply[2]) do
                local f = redis.call('hmget', key, 'user_id', 'chat_id', 'created_at', 'last_access')
                if f[1] then found[#found + 1] = {key, f[1], f[2] or '', f[3] or '0', f[4] or '0'} end
              end
              calls = calls + 1
            until cursor == '0' or #found >= limit or calls >= 10
            return {cursor, found}""";

    /** Replaces one data field only if it still holds what was read (ARGV[3] = '1': was absent). */
    private static final String REPLACE_IF_UNCHANGED = """
            if redis.call('exists', KEYS[1]) == 0 then return 0 end
            local current = redis.call('hget', KEYS[1], ARGV[2])
            if ARGV[3] == '1' then
              if current then return 2 end
            elseif current ~= ARGV[4] then return 2 end
            redis.call('hset', KEYS[1], ARGV[2], ARGV[5], ARGV[6], ARGV[7])
            redis.call('pexpire', KEYS[1], ARGV[1])
            return 1""";

    private final RedissonClient redis;
    private final Duration timeout;
    private final Clock clock;

    public SessionStore(RedissonClient redis, Duration inactivityTimeout, Clock clock) {
        this.redis = redis;
        this.timeout = inactivityTimeout;
        this.clock = clock;
    }

    /** Creates a session with the initial data of API.md; empty when {@code requestedId} is taken. */
    public Optional<Session> create(String userId, String chatId, String requestedId) {
        String sessionId = requestedId != null ? requestedId : UUID.randomUUID().toString();
        double now = nowSeconds();
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("conversation", JsonNodeFactory.instance.arrayNode());
        data.put("api_key", JsonNodeFactory.instance.nullNode());
        List<Object> fields = new ArrayList<>(List.of(USER_ID, userId, CREATED_AT, seconds(now), LAST_ACCESS, seconds(now)));
        if (chatId != null) {
            fields.addAll(List.of(CHAT_ID, chatId));
        }
        data.forEach((key, value) -> fields.addAll(List.of(DATA_PREFIX + key, Json.string(value))));
        if (!writeFields(CREATE_IF_ABSENT, sessionId, fields)) {
            return Optional.empty();
        }
        RBatch batch = redis.createBatch();
        batch.getSet(userIndexKey(userId), StringCodec.INSTANCE).addAsync(sessionId);
        batch.getSet(userIndexKey(userId), StringCodec.INSTANCE).expireAsync(timeout);
        batch.execute();
        return Optional.of(new Session(sessionId, userId, chatId, data, now, now));
    }

    public Optional<Session> find(String sessionId) {
        Map<String, String> fields = hash(sessionId).readAllMap();
        if (fields.isEmpty() || !fields.containsKey(USER_ID)) {
            return Optional.empty();
        }
        Map<String, JsonNode> data = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(DATA_PREFIX)) {
                data.put(field.substring(DATA_PREFIX.length()), Json.tree(value));
            }
        });
        return Optional.of(new Session(sessionId, fields.get(USER_ID), fields.get(CHAT_ID), data,
                parse(fields.get(CREATED_AT)), parse(fields.get(LAST_ACCESS))));
    }

    /** The owner of a live session; empty when the session does not exist. */
    public Optional<String> owner(String sessionId) {
        return Optional.ofNullable(hash(sessionId).get(USER_ID));
    }

    /**
     * Adds to {@code batch} the merge of {@code updates} into the session's data, key by key (and
     * {@code chatId} when not null), extending its life; an empty {@code updates} only marks the session as
     * used. Nothing is written when the session does not exist or, with an {@code owner}, belongs to someone
     * else: the future yields 1 when it was written, else 0. Writes go through {@link SessionWriteBehind},
     * which batches them.
     */
    public RFuture<Long> queueUpdate(RBatch batch, String sessionId, String owner, Map<String, JsonNode> updates,
                                     String chatId) {
        String key = sessionKey(sessionId);
        List<Object> fields = new ArrayList<>();
        fields.add(owner == null ? "" : owner);
        fields.addAll(updateFields(updates, chatId));
        return batch.getScript(StringCodec.INSTANCE).evalAsync(key, RScript.Mode.READ_WRITE, UPDATE_IF_EXISTS,
                RScript.ReturnType.INTEGER, List.of(key), scriptArgs(fields));
    }

    /**
     * Adds to {@code batch} the extension of the user's session index. It gets a tenth more than a session,
     * so that it outlives the sessions it lists although callers extend it less often than they use them.
     */
    public void queueIndexRefresh(RBatch batch, String userId) {
        batch.getSet(userIndexKey(userId), StringCodec.INSTANCE).expireAsync(timeout.plus(timeout.dividedBy(10)));
    }

    private List<Object> updateFields(Map<String, JsonNode> updates, String chatId) {
        List<Object> fields = new ArrayList<>(List.of(LAST_ACCESS, seconds(nowSeconds())));
        if (chatId != null) {
            fields.addAll(List.of(CHAT_ID, chatId));
        }
        updates.forEach((key, value) -> fields.addAll(List.of(DATA_PREFIX + key, Json.string(value))));
        return fields;
    }

    /**
     * Appends {@code item} to the array in data key {@code key}, keeping its last {@code keepLast} items,
     * and extends the session's life. Concurrent appends from any instance are all kept: the write
     * succeeds only if the array did not change since it was read, else it is read again. Returns false,
     * writing nothing, when the session does not exist.
     */
    public boolean append(String sessionId, String key, JsonNode item, int keepLast) {
        String field = DATA_PREFIX + key;
        String sessionKey = sessionKey(sessionId);
        while (true) {
            String current = hash(sessionId).get(field);
            JsonNode parsed = current == null ? null : Json.tree(current);
            ArrayNode list = parsed != null && parsed.isArray() ? (ArrayNode) parsed : JsonNodeFactory.instance.arrayNode();
            list.add(item);
            while (list.size() > keepLast) {
                list.remove(0);
            }
            Long result = redis.getScript(StringCodec.INSTANCE).eval(sessionKey, RScript.Mode.READ_WRITE,
                    REPLACE_IF_UNCHANGED, RScript.ReturnType.INTEGER, List.of(sessionKey),
                    Long.toString(timeout.toMillis()), field, current == null ? "1" : "0",
                    current == null ? "" : current, Json.string(list), LAST_ACCESS, seconds(nowSeconds()));
            if (result == null || result != 2L) {
                return result != null && result == 1L;
            }
        }
    }

    /** Which of {@code sessionIds} still exist, in one pipelined round trip. */
    public Set<String> existing(Collection<String> sessionIds) {
        List<String> ids = List.copyOf(sessionIds);
        RBatch batch = redis.createBatch();
        for (String id : ids) {
            batch.getMap(sessionKey(id), StringCodec.INSTANCE).isExistsAsync();
        }
        List<?> answers = ids.isEmpty() ? List.of() : batch.execute().getResponses();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (Boolean.TRUE.equals(answers.get(i))) {
                live.add(ids.get(i));
            }
        }
        return live;
    }

    public List<SessionSummary> listForUser(String userId) {
        var index = redis.getSet(userIndexKey(userId), StringCodec.INSTANCE);
        List<String> ids = new ArrayList<>();
        index.readAll().forEach(id -> ids.add((String) id));
        RBatch batch = redis.createBatch();
        for (String id : ids) {
            batch.getMap(sessionKey(id), StringCodec.INSTANCE).getAllAsync(Set.of(USER_ID, CHAT_ID, CREATED_AT, LAST_ACCESS));
        }
        BatchResult<?> results = batch.execute();
        List<SessionSummary> sessions = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) results.getResponses().get(i);
            if (fields.containsKey(USER_ID)) {
                sessions.add(new SessionSummary(ids.get(i), fields.get(CHAT_ID),
                        parse(fields.get(CREATED_AT)), parse(fields.get(LAST_ACCESS))));
            } else {
                index.removeAsync(ids.get(i));
            }
        }
        return sessions;
    }

    /**
     * A page of all sessions, for administrators: {@code cursor} "0" starts, a page may hold a few more
     * than {@code limit}, and the returned cursor is null at the end. The cursor is Redis's SCAN cursor.
     */
    public SessionPage page(String cursor, int limit) {
        List<Object> reply = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, SCAN_PAGE,
                RScript.ReturnType.MULTI, List.of(), cursor, Integer.toString(limit));
        List<SessionPage.Entry> entries = new ArrayList<>();
        for (Object row : (List<?>) reply.get(1)) {
            List<?> fields = (List<?>) row;
            String key = (String) fields.get(0);
            String chatId = (String) fields.get(2);
            entries.add(new SessionPage.Entry(sessionIdOf(key),
                    (String) fields.get(1), chatId.isEmpty() ? null : chatId,
                    parse((String) fields.get(3)), parse((String) fields.get(4))));
        }
        String next = (String) reply.get(0);
        return new SessionPage(entries, "0".equals(next) ? null : next);
    }

    /** Ends a session; returns its owner, or empty when there was none. */
    public Optional<String> delete(String sessionId) {
        Optional<String> owner = owner(sessionId);
        RBatch batch = redis.createBatch();
        batch.getMap(sessionKey(sessionId), StringCodec.INSTANCE).deleteAsync();
        owner.ifPresent(user -> batch.getSet(userIndexKey(user), StringCodec.INSTANCE).removeAsync(sessionId));
        batch.execute();
        return owner;
    }

    /** The number of live sessions, counted by SCAN. */
    public long count() {
        return redis.getKeys().getKeysStream(KeysScanOptions.defaults().pattern(SESSION_PATTERN).chunkSize(500)).count();
    }

    /**
     * Removes per-user index entries whose session no longer exists (and so empty indexes), found by SCAN;
     * {@code visit} sees each indexed user id (lower-cased). Returns how many entries were removed.
     */
    public int pruneIndexes(Consumer<String> visit) {
        int removed = 0;
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(INDEX_PATTERN).chunkSize(500))) {
            String userId = key.substring(key.indexOf('{') + 1, key.lastIndexOf('}'));
            visit.accept(userId);
            int before = redis.getSet(key, StringCodec.INSTANCE).size();
            removed += before - listForUser(userId).size();
        }
        return removed;
    }

    private boolean writeFields(String script, String sessionId, List<Object> fields) {
        String key = sessionKey(sessionId);
        Long written = redis.getScript(StringCodec.INSTANCE)
                .eval(key, RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key), scriptArgs(fields));
        return written != null && written == 1L;
    }

    /** The scripts' arguments: the lifetime in milliseconds, then field/value pairs. */
    private Object[] scriptArgs(List<Object> fields) {
        Object[] args = new Object[fields.size() + 1];
        args[0] = Long.toString(timeout.toMillis());
        for (int i = 0; i < fields.size(); i++) {
            args[i + 1] = fields.get(i);
        }
        return args;
    }

    private RMap<String, String> hash(String sessionId) {
        return redis.getMap(sessionKey(sessionId), StringCodec.INSTANCE);
    }

    private double nowSeconds() {
        return clock.millis() / 1000.0;
    }

    private static String seconds(double value) {
        return Double.toString(value);
    }

    private static double parse(String value) {
        return value == null ? 0 : Double.parseDouble(value);
    }

    static String sessionKey(String sessionId) {
        return SESSION_PREFIX + sessionId + "}";
    }

    private static String sessionIdOf(String key) {
        return key.substring(SESSION_PREFIX.length(), key.length() - 1);
    }

    static String userIndexKey(String userId) {
        return "user_sessions:{" + userId.toLowerCase(Locale.ROOT) + "}";
    }
}
