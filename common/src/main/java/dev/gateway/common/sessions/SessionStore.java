package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gateway.common.json.Json;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in Redis. Each session is one hash {@code sessions:{id}} whose {@code data} keys are stored as
 * separate fields ({@code d:<key>} = JSON), so an update writes only the keys it changes and concurrent
 * updates never overwrite each other. A per-user set {@code user_sessions:{user}} lists a user's sessions.
 * The session hash expires after the inactivity timeout; writes extend it.
 */
public final class SessionStore {
    private static final String DATA_PREFIX = "d:";
    private static final String USER_ID = "user_id";
    private static final String CHAT_ID = "chat_id";
    private static final String CREATED_AT = "created_at";
    private static final String LAST_ACCESS = "last_access";

    /** Writes the fields only if the session exists, so an update never resurrects an ended session. */
    private static final String UPDATE_IF_EXISTS = """
            if redis.call('exists', KEYS[1]) == 0 then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV, 2))
            redis.call('pexpire', KEYS[1], ARGV[1])
            return 1""";
    /** Creates the session only if the id is free. */
    private static final String CREATE_IF_ABSENT = """
            if redis.call('exists', KEYS[1]) == 1 then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV, 2))
            redis.call('pexpire', KEYS[1], ARGV[1])
            return 1""";

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
     * Merges {@code updates} into the session's data, key by key, and extends its life.
     * Returns false, writing nothing, when the session does not exist.
     */
    public boolean update(String sessionId, Map<String, JsonNode> updates, String chatId) {
        List<Object> fields = new ArrayList<>(List.of(LAST_ACCESS, seconds(nowSeconds())));
        if (chatId != null) {
            fields.addAll(List.of(CHAT_ID, chatId));
        }
        updates.forEach((key, value) -> fields.addAll(List.of(DATA_PREFIX + key, Json.string(value))));
        return writeFields(UPDATE_IF_EXISTS, sessionId, fields);
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

    /** Extends the session's life and records the access; false when the session no longer exists. */
    public boolean touch(String sessionId) {
        return writeFields(UPDATE_IF_EXISTS, sessionId, List.of(LAST_ACCESS, seconds(nowSeconds())));
    }

    /** Which of {@code sessionIds} still exist, in one pipelined round trip. */
    public java.util.Set<String> existing(java.util.Collection<String> sessionIds) {
        List<String> ids = List.copyOf(sessionIds);
        RBatch batch = redis.createBatch();
        for (String id : ids) {
            batch.getMap(sessionKey(id), StringCodec.INSTANCE).isExistsAsync();
        }
        List<?> answers = ids.isEmpty() ? List.of() : batch.execute().getResponses();
        java.util.Set<String> live = new java.util.HashSet<>();
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
            batch.getMap(sessionKey(id), StringCodec.INSTANCE).getAllAsync(java.util.Set.of(USER_ID, CHAT_ID, CREATED_AT, LAST_ACCESS));
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

    /** Ends a session; returns its owner, or empty when there was none. */
    public Optional<String> delete(String sessionId) {
        Optional<String> owner = owner(sessionId);
        RBatch batch = redis.createBatch();
        batch.getMap(sessionKey(sessionId), StringCodec.INSTANCE).deleteAsync();
        owner.ifPresent(user -> batch.getSet(userIndexKey(user), StringCodec.INSTANCE).removeAsync(sessionId));
        batch.execute();
        return owner;
    }

    private boolean writeFields(String script, String sessionId, List<Object> fields) {
        String key = sessionKey(sessionId);
        Object[] args = new Object[fields.size() + 1];
        args[0] = Long.toString(timeout.toMillis());
        for (int i = 0; i < fields.size(); i++) {
            args[i + 1] = fields.get(i);
        }
        Long written = redis.getScript(StringCodec.INSTANCE)
                .eval(key, RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key), args);
        return written != null && written == 1L;
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
        return "sessions:{" + sessionId + "}";
    }

    static String userIndexKey(String userId) {
        return "user_sessions:{" + userId.toLowerCase(Locale.ROOT) + "}";
    }
}
