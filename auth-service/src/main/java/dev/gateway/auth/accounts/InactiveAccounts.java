package dev.gateway.auth.accounts;

import dev.gateway.common.tokens.Principal;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes accounts not used (no login or token refresh) for longer than the configured time, with their
 * sessions. Every instance ticks, but a sweep needs the key {@code locks:{inactive_accounts}}, set if absent
 * for one interval, so one instance sweeps per interval however many run. Admins are never removed.
 */
public final class InactiveAccounts implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InactiveAccounts.class.getName());
    private static final String LOCK = "locks:{inactive_accounts}";

    private final UserStore users;
    private final Accounts accounts;
    private final RedissonClient redis;
    private final Duration maxInactive;
    private final Duration interval;
    private final String instanceId;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("inactive-accounts").daemon().factory());

    public InactiveAccounts(UserStore users, Accounts accounts, RedissonClient redis, Duration maxInactive,
                            Duration interval, String instanceId, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.redis = redis;
        this.maxInactive = maxInactive;
        this.interval = interval;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    public InactiveAccounts start() {
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            if (redis.getBucket(LOCK, StringCodec.INSTANCE).setIfAbsent(instanceId, interval)) {
                sweep();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "inactive account sweep failed; retrying next interval", e);
        }
    }

    /** Removes every non-admin account last used before now minus the configured time; returns how many. */
    int sweep() {
        double cutoff = (clock.millis() - maxInactive.toMillis()) / 1000.0;
        List<String> stale = new ArrayList<>();
        users.forEach(user -> {
            if (!Principal.ADMIN.equals(user.role()) && user.lastUsed() < cutoff) {
                stale.add(user.username());
            }
        });
        int removed = 0;
        for (String username : stale) {
            if (removeIfStillStale(username, cutoff)) {
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed " + removed + " accounts inactive for " + maxInactive);
        }
        return removed;
    }

    /** Reads the account again so that a login since the scan keeps it. */
    private boolean removeIfStillStale(String username, double cutoff) {
        return users.find(username)
                .filter(user -> !Principal.ADMIN.equals(user.role()) && user.lastUsed() < cutoff)
                .map(user -> {
                    accounts.delete(user.username(), "Account removed for inactivity");
                    return true;
                })
                .orElse(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
