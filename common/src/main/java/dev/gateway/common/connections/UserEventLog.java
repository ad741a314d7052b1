package dev.gateway.common.connections;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latest pushes of each user ({@code user_events:{user}}, a stream capped at about {@value #KEPT} events
 * and {@link #KEPT_FOR}), so that a client of the event stream can resume after a short disconnect. The
 * stream ids are the event ids clients see.
 */
final class UserEventLog {
    static final int KEPT = 100;
    static final Duration KEPT_FOR = Duration.ofMinutes(5);
    private static final Pattern ID = Pattern.compile("([0-9]{1,19})-([0-9]{1,19})");
    private static final String FIELD = "m";
    /** Appends to the log and, in the same round trip, reads the hubs of the user's connection record. */
    private static final String APPEND = """
            local id = redis.call('xadd', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[3])
            redis.call('pexpire', KEYS[1], ARGV[2])
            local answer = redis.call('hkeys', KEYS[2])
            table.insert(answer, 1, id)
            return answer""";

    private final RedissonClient redis;

    UserEventLog(RedissonClient redis) {
        this.redis = redis;
    }

    /**
     * Appends a message to the user's log; returns its id followed by the hubs that hold the user's sockets
     * (the user's {@link ConnectionRecords} entry, which shares the log's hash tag), read in the same script.
     */
    List<String> appendAndListHubs(String userId, String message) {
        String key = key(userId);
        return redis.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_WRITE, APPEND,
                RScript.ReturnType.MULTI, List.of(key, ConnectionRecords.key(userId)),
                Integer.toString(KEPT), Long.toString(KEPT_FOR.toMillis()), message);
    }

    /** The logged events after {@code lastId}, oldest first; empty when the id is not one of ours. */
    List<UserEvent> after(String userId, String lastId) {
        Matcher id = ID.matcher(lastId);
        if (!id.matches()) {
            return List.of();
        }
        StreamMessageId last = new StreamMessageId(Long.parseUnsignedLong(id.group(1)), Long.parseUnsignedLong(id.group(2)));
        List<UserEvent> events = new ArrayList<>();
        redis.<String, String>getStream(key(userId), StringCodec.INSTANCE).range(last, StreamMessageId.MAX)
                .forEach((messageId, fields) -> {
                    if (!messageId.equals(last)) {
                        events.add(new UserEvent(userId, null, fields.get(FIELD), messageId.toString()));
                    }
                });
        return events;
    }

    /** Orders two ids of this log; ids that are not ours order first. */
    static int compare(String a, String b) {
        return Long.compare(part(a, 1), part(b, 1)) != 0 ? Long.compare(part(a, 1), part(b, 1))
                : Long.compare(part(a, 2), part(b, 2));
    }

    private static long part(String id, int group) {
        Matcher matcher = ID.matcher(id == null ? "" : id);
        return matcher.matches() ? Long.parseUnsignedLong(matcher.group(group)) : -1;
    }

    static String key(String userId) {
        return "user_events:{" + userId.toLowerCase(Locale.ROOT) + "}";
    }
}
