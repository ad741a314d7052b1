package dev.gateway.auth.accounts;

import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Accounts unused for SESSION_MAX_INACTIVE_DAYS (here 0.00003 days, about 2.6 s) are removed by a sweep
 * that runs on one instance per interval; admins are kept.
 */
class InactiveAccountsTest {
    private static final String ADMIN = "sweep-admin";
    private static final String LOCK = "locks:{inactive_accounts}";
    private static TestRedis redisServer;
    private static RedissonClient redis;
    private static GatewayStack stack;
    private static AuthClient client;

    @BeforeAll
    static void start() {
        redisServer = TestRedis.start();
        redis = AuthClient.redisClient(redisServer);
        Map<String, String> settings = new HashMap<>(AuthClient.FAST_HASHING);
        settings.putAll(Map.of("SESSION_MAX_INACTIVE_DAYS", "0.00003", "INACTIVE_ACCOUNT_SWEEP_SECONDS", "1",
                "ADMIN_USERNAME", ADMIN, "ADMIN_PASSWORD", "admin-password-123"));
        stack = GatewayStack.on(redisServer, settings);
        client = new AuthClient(stack.start("sweeper-1", "AUTH_PORT", Main::start));
        stack.start("sweeper-2", "AUTH_PORT", Main::start);
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.shutdown();
        redisServer.close();
    }

    @Test
    void unusedAccountIsRemovedWithItsSessionsButAdminsStay() throws InterruptedException {
        String name = AuthClient.uniqueName();
        String token = client.registerAndLogin(name).get("access_token").asText();
        awaitRemoved(name);
        AuthClient.assertUnauthorized(client.http.post("/sessions/logout", null, token));
        assertEquals(1, redis.getKeys().countExists(UserStore.key(ADMIN)));
    }

    @Test
    void anAccountInUseIsKept() throws InterruptedException {
        String name = AuthClient.uniqueName();
        client.registerAndLogin(name);
        // logging in every half second for over twice the 2.6 s threshold, through several sweeps
        for (int i = 0; i < 12; i++) {
            Thread.sleep(500);
            assertEquals(200, client.login(name, AuthClient.PASSWORD).status());
        }
        assertEquals(1, redis.getKeys().countExists(UserStore.key(name)));
    }

    @Test
    void noInstanceSweepsWhileTheLockIsHeld() throws InterruptedException {
        redis.getBucket(LOCK, StringCodec.INSTANCE).set("another-instance", Duration.ofSeconds(60));
        String name = AuthClient.uniqueName();
        client.registerAndLogin(name);
        Thread.sleep(5_000); // twice the threshold plus several intervals: a sweep would have removed it
        assertEquals(1, redis.getKeys().countExists(UserStore.key(name)));

        redis.getBucket(LOCK).delete();
        awaitRemoved(name);
    }

    private static void awaitRemoved(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (redis.getKeys().countExists(UserStore.key(name)) == 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, redis.getKeys().countExists(UserStore.key(name)), "account still there after 15 s");
    }
}
