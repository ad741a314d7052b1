package dev.gateway.auth.accounts;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.tokens.Principal;
import org.redisson.api.RLock;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Role changes and the rule that at least one admin remains. The role lives in the user's hash; a set
 * {@code user_roles:{admins}} counts the admins. Every change that adds or removes an admin runs under
 * one Redis lock, so two concurrent demotions (or deletions) of the last two admins cannot both succeed.
 * Set changes are ordered so that a crash midway can only undercount admins, never overcount them.
 */
public final class AccountRoles {
    private static final String ADMINS = "user_roles:{admins}";
    private static final String LOCK = "locks:{user_roles}";
    private static final long WAIT_SECONDS = 5;
    private static final long LEASE_SECONDS = 30;

    private final RedissonClient redis;
    private final UserStore users;

    public AccountRoles(RedissonClient redis, UserStore users) {
        this.redis = redis;
        this.users = users;
    }

    /** Gives {@code username} the admin role; 404 when there is no such user. */
    public User promote(String username) {
        return locked(() -> {
            User user = existing(username);
            users.setRole(user.username(), Principal.ADMIN);
            admins().add(member(username));
            return user;
        });
    }

    /** Takes the admin role away; 404 for an unknown user, 409 when it is the last admin. */
    public User demote(String username) {
        return locked(() -> {
            User user = existing(username);
            requireNotLastAdmin(user, "demoted");
            admins().remove(member(username));
            users.setRole(user.username(), Principal.USER);
            return user;
        });
    }

    /** Runs {@code deletion} unless {@code username} is the last admin (409); drops it from the admin count. */
    public <T> T deleting(String username, Supplier<T> deletion) {
        return locked(() -> {
            users.find(username).ifPresent(user -> requireNotLastAdmin(user, "deleted"));
            admins().remove(member(username));
            return deletion.get();
        });
    }

    /** Counts {@code username} as an admin; its hash already carries the role. */
    public void countAsAdmin(String username) {
        locked(() -> admins().add(member(username)));
    }

    public int adminCount() {
        return admins().size();
    }

    private void requireNotLastAdmin(User user, String action) {
        if (Principal.ADMIN.equals(user.role()) && admins().size() <= 1) {
            throw ApiException.conflict("The last admin cannot be " + action);
        }
    }

    private User existing(String username) {
        return users.find(username).orElseThrow(() -> ApiException.notFound("User '" + username + "' not found"));
    }

    private <T> T locked(Supplier<T> action) {
        RLock lock = redis.getLock(LOCK);
        try {
            if (!lock.tryLock(WAIT_SECONDS, LEASE_SECONDS, TimeUnit.SECONDS)) {
                throw ApiException.unavailable("Role changes are busy; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for the role lock");
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private RSet<String> admins() {
        return redis.getSet(ADMINS, StringCodec.INSTANCE);
    }

    private static String member(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
