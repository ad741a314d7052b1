package dev.gateway.auth.accounts;

import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts in Redis: one hash {@code users:{lower-cased name}} per user. Keying by the lower-cased name
 * makes uniqueness case-insensitive, and creation is one atomic create-if-absent.
 */
public final class UserStore {
    private static final String CREATE_IF_ABSENT = """
            if redis.call('exists', KEYS[1]) == 1 then return 0 end
            redis.call('hset', KEYS[1], unpack(ARGV))
            return 1""";
    private static final String SET_IF_EXISTS = """
            if redis.call('exists', KEYS[1]) == 0 then return 0 end
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
            return 1""";

    private final RedissonClient redis;

    public UserStore(RedissonClient redis) {
        this.redis = redis;
    }

    /** Stores a new account; false when the name is taken in any letter case. */
    public boolean create(User user) {
        return script(CREATE_IF_ABSENT, user.username(), "username", user.username(), "email", user.email(),
                "password_hash", user.passwordHash(), "role", user.role(), "created_at", Double.toString(user.createdAt()));
    }

    public Optional<User> find(String username) {
        Map<String, String> fields = hash(username).readAllMap();
        if (!fields.containsKey("username")) {
            return Optional.empty();
        }
        return Optional.of(new User(fields.get("username"), fields.get("email"), fields.get("password_hash"),
                fields.get("role"), Double.parseDouble(fields.getOrDefault("created_at", "0"))));
    }

    public boolean setPasswordHash(String username, String passwordHash) {
        return script(SET_IF_EXISTS, username, "password_hash", passwordHash);
    }

    public boolean setRole(String username, String role) {
        return script(SET_IF_EXISTS, username, "role", role);
    }

    public boolean delete(String username) {
        return hash(username).delete();
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
