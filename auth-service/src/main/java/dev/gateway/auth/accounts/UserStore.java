package dev.gateway.auth.accounts;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Accounts in Redis: one hash {@code users:{lower-cased name}} per user. Keying by the lower-cased name
 * makes uniqueness case-insensitive, and creation is one atomic create-if-absent.
 */
public final class UserStore {
    private static final String PATTERN = "users:*";
    private static final List<String> FIELDS = List.of("username", "email", "password_hash", "role", "created_at",
            "last_login");
    private static final String CREATE_IF_ABSENT = """
            if redis.call('exists', KEYS[1]) == 1 then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV))
            return 1""";
    private static final String SET_IF_EXISTS = """
            if redis.call('exists', KEYS[1]) == 0 then return 0 end
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
            return 1""";
    private static final String SCAN_PAGE = "return redis.call('scan', ARGV[1], 'match', ARGV[2], 'count', ARGV[3])";

    private final RedissonClient redis;

    public UserStore(RedissonClient redis) {
        this.redis = redis;
    }

    /** One page of accounts and the cursor of the next, {@code "0"} at the end. */
    public record Page(List<User> users, String nextCursor) {
    }

    /** Stores a new account; false when the name is taken in any letter case. */
    public boolean create(User user) {
        return script(CREATE_IF_ABSENT, user.username(), "username", user.username(), "email", user.email(),
                "password_hash", user.passwordHash(), "role", user.role(), "created_at", Double.toString(user.createdAt()),
                "last_login", Double.toString(user.lastLogin()));
    }

    public Optional<User> find(String username) {
        return parse(hash(username).getAll(Set.copyOf(FIELDS)));
    }

    public boolean setPasswordHash(String username, String passwordHash) {
        return script(SET_IF_EXISTS, username, "password_hash", passwordHash);
    }

    public boolean setRole(String username, String role) {
        return script(SET_IF_EXISTS, username, "role", role);
    }

    public boolean setLastLogin(String username, double seconds) {
        return script(SET_IF_EXISTS, username, "last_login", Double.toString(seconds));
    }

    public boolean delete(String username) {
        return hash(username).delete();
    }

    /**
     * A page of accounts by SCAN (never KEYS): {@code limit} is a hint, as with SCAN's COUNT, so a page may
     * hold a few more or fewer. Paging on Redis Cluster is per node; this reads the node Redisson picks.
     */
    public Page page(String cursor, int limit) {
        List<Object> reply = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, SCAN_PAGE,
                RScript.ReturnType.MULTI, List.of(), cursor, PATTERN, Integer.toString(limit));
        @SuppressWarnings("unchecked")
        List<Object> keys = (List<Object>) reply.get(1);
        return new Page(read(keys.stream().map(String::valueOf).toList()), String.valueOf(reply.get(0)));
    }

    /** Every account, read in batches as SCAN finds them; works on every Redis topology. */
    public void forEach(Consumer<User> action) {
        List<String> chunk = new ArrayList<>();
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(PATTERN).chunkSize(500))) {
            chunk.add(key);
            if (chunk.size() == 500) {
                read(chunk).forEach(action);
                chunk.clear();
            }
        }
        read(chunk).forEach(action);
    }

    private List<User> read(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        RBatch batch = redis.createBatch();
        for (String key : keys) {
            batch.getMap(key, StringCodec.INSTANCE).getAllAsync(Set.copyOf(FIELDS));
        }
        BatchResult<?> results = batch.execute();
        List<User> users = new ArrayList<>();
        for (Object response : results.getResponses()) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) response;
            parse(fields).ifPresent(users::add);
        }
        return users;
    }

    private static Optional<User> parse(Map<String, String> fields) {
        if (!fields.containsKey("username")) {
            return Optional.empty();
        }
        return Optional.of(new User(fields.get("username"), fields.get("email"), fields.get("password_hash"),
                fields.get("role"), seconds(fields.get("created_at")), seconds(fields.get("last_login"))));
    }

    private static double seconds(String value) {
        return value == null ? 0 : Double.parseDouble(value);
    }

    private boolean script(String script, String username, Object... args) {
        String key = key(username);
        Long result = redis.getScript(StringCodec.INSTANCE)
                .eval(key, RScript.Mode.READ_WRITE, script, RScript.ReturnType.INTEGER, List.of(key), args);
        return result != null && result == 1L;
    }

    private RMap<String, String> hash(String username) {
        return redis.getMap(key(username), StringCodec.INSTANCE);
    }

    static String key(String username) {
        return "users:{" + username.toLowerCase(Locale.ROOT) + "}";
    }
}
