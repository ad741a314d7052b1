package dev.gateway.auth.accounts;

import dev.gateway.common.config.Settings.Limits;
import dev.gateway.common.config.Settings.LoginThrottleSettings;
import dev.gateway.common.http.ApiException;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Brute-force protection for logins, per username and per client IP, kept in Redis so it holds across
 * instances: one hash per subject with the failure count and the time of the next allowed attempt.
 * Unknown usernames are counted like known ones, so the answers reveal nothing about which exist.
 */
public final class LoginThrottle {
    /** Counts a failure and sets the wait before the next attempt: doubling from 1 s, then the lockout. */
    private static final String FAILED = """
            local failures = redis.call('hincrby', KEYS[1], 'failures', 1)
            local now, delayAfter = tonumber(ARGV[1]), tonumber(ARGV[2])
            local lockoutAfter, lockout = tonumber(ARGV[3]), tonumber(ARGV[4])
            local wait = 0
            if failures >= lockoutAfter then
              wait = lockout
            elseif failures >= delayAfter then
              wait = math.floor(math.min(1000 * 2 ^ (failures - delayAfter), lockout))
            end
            redis.call('hset', KEYS[1], 'next_allowed', now + wait)
            redis.call('pexpire', KEYS[1], wait + lockout)
            return wait""";

    private final RedissonClient redis;
    private final LoginThrottleSettings settings;
    private final Clock clock;

    public LoginThrottle(RedissonClient redis, LoginThrottleSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    /** 429 with {@code Retry-After} while either the username or the client IP has to wait. */
    public void check(String username, String clientIp) {
        long waitMillis = Math.max(waitMillis(userKey(username)), waitMillis(ipKey(clientIp)));
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new ApiException(429, "Too Many Requests",
                    "Too many failed logins; try again in " + seconds + " seconds")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
    }

    public void failed(String username, String clientIp) {
        fail(userKey(username), settings.perUser());
        fail(ipKey(clientIp), settings.perIp());
    }

    /** A successful login forgets the username's failures; the IP's decay on their own. */
    public void succeeded(String username) {
        redis.getBucket(userKey(username)).delete();
    }

    private long waitMillis(String key) {
        String nextAllowed = redis.<String, String>getMap(key, StringCodec.INSTANCE).get("next_allowed");
        return nextAllowed == null ? 0 : Long.parseLong(nextAllowed) - clock.millis();
    }

    private void fail(String key, Limits limits) {
        redis.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_WRITE, FAILED, RScript.ReturnType.INTEGER,
                List.of(key), Long.toString(clock.millis()), Integer.toString(limits.delayAfter()),
                Integer.toString(limits.lockoutAfter()), Long.toString(settings.lockout().toMillis()));
    }

    static String userKey(String username) {
        return "login_failures:{user:" + username.toLowerCase(Locale.ROOT) + "}";
    }

    static String ipKey(String clientIp) {
        return "login_failures:{ip:" + clientIp + "}";
    }
}
