package dev.gateway.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.auth.AuthClient;
import dev.gateway.auth.Main;
import dev.gateway.auth.accounts.PasswordHasher;
import dev.gateway.common.config.ConfigException;
import dev.gateway.common.config.Settings.Argon2Settings;
import dev.gateway.testing.Eventually;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoints on a Redis of their own (so counts are exact): role changes, the last-admin rule,
 * user listing by cursor, statistics, Redis info and the session index cleanup.
 */
class AdminTest {
    private static final String ROOT = "root";
    private static final String ROOT_PASSWORD = "root-password-123";
    private static final List<String> ADMIN_GETS = List.of("/admin/users", "/admin/users/stats", "/admin/system/stats",
            "/admin/system/redis-info");
    private static TestRedis redisServer;
    private static RedissonClient redis;
    private static GatewayStack stack;
    private static AuthClient client;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        redisServer = TestRedis.start();
        redis = AuthClient.redisClient(redisServer);
        Map<String, String> settings = new HashMap<>(AuthClient.FAST_HASHING);
        settings.putAll(Map.of("ADMIN_USERNAME", ROOT, "ADMIN_PASSWORD", ROOT_PASSWORD, "LOGIN_POLICY", "multi"));
        stack = GatewayStack.on(redisServer, settings);
        client = new AuthClient(stack.start("auth-admin", "AUTH_PORT", Main::start));
        http = client.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.shutdown();
        redisServer.close();
    }

    @Test
    void everyAdminEndpointRefusesUsersWith403AndAnonymousWith401() {
        String user = client.newUserToken();
        for (String path : ADMIN_GETS) {
            assertEquals(403, http.get(path, user).status(), path);
            AuthClient.assertUnauthorized(http.get(path, null));
        }
        for (String path : List.of("/admin/users/promote", "/admin/users/demote")) {
            assertEquals(403, http.post(path, Map.of("username", ROOT), user).status(), path);
            AuthClient.assertUnauthorized(http.post(path, Map.of("username", ROOT), null));
        }
        assertEquals(403, http.post("/admin/system/cleanup-sessions", null, user).status());
        assertEquals(403, http.delete("/sessions/admin/users/" + ROOT, user).status());
    }

    @Test
    void promotedUserCanUseAdminEndpoints() {
        String name = AuthClient.uniqueName();
        String token = client.registerAndLogin(name).get("access_token").asText();
        Response promoted = http.post("/admin/users/promote", Map.of("username", name), rootToken());
        assertEquals(200, promoted.status(), promoted.text());
        assertEquals("admin", promoted.json().get("role").asText());
        assertEquals(200, http.get("/admin/users/stats", token).status(), "the record decides, not the token's role claim");
        demote(name);
    }

    @Test
    void demotionEndsTheSessionsWhoseTokensStillSayAdmin() {
        String name = AuthClient.uniqueName();
        client.registerAndLogin(name);
        assertEquals(200, http.post("/admin/users/promote", Map.of("username", name), rootToken()).status());
        String adminToken = client.login(name, AuthClient.PASSWORD).json().get("access_token").asText();
        assertEquals(200, http.get("/admin/users/stats", adminToken).status());

        assertEquals(200, demote(name).status());
        // like every ended session: rejected within a second (the instance's brief session-check cache)
        assertEquals(401, Eventually.poll(Duration.ofSeconds(1),
                () -> http.get("/admin/users/stats", adminToken).status(), status -> status == 401));
        String userToken = client.login(name, AuthClient.PASSWORD).json().get("access_token").asText();
        assertEquals(403, http.get("/admin/users/stats", userToken).status());
    }

    @Test
    void theFirstAdminMayBeConfiguredByItsPasswordHash() {
        String name = AuthClient.uniqueName();
        String hash = new PasswordHasher(Argon2Settings.DEFAULTS).hash("hashed-admin-pass");
        AuthClient hashed = new AuthClient(stack.start("auth-hash", "AUTH_PORT", Main::start,
                Map.of("ADMIN_USERNAME", name, "ADMIN_PASSWORD_HASH", hash)));

        Response login = hashed.login(name, "hashed-admin-pass");
        assertEquals(200, login.status(), login.text());
        assertEquals("admin", login.json().at("/user/role").asText());
        // root is to stay the only admin for the other tests
        assertEquals(200, http.delete("/sessions/admin/users/" + name, rootToken()).status());
    }

    @Test
    void theConfiguredPasswordOfTheFirstAdminReplacesAnEarlierOne() {
        AuthClient changed = new AuthClient(stack.start("auth-new-root-password", "AUTH_PORT", Main::start,
                Map.of("ADMIN_PASSWORD", "root-password-456")));
        assertEquals(200, changed.login(ROOT, "root-password-456").status());
        assertEquals(401, changed.login(ROOT, ROOT_PASSWORD).status());

        // and back, for the other tests
        stack.start("auth-old-root-password", "AUTH_PORT", Main::start);
        assertEquals(200, client.login(ROOT, ROOT_PASSWORD).status());
    }

    @Test
    void aMalformedAdminPasswordHashStopsStartUp() {
        ConfigException error = assertThrows(ConfigException.class, () -> stack.start("auth-badhash", "AUTH_PORT",
                Main::start, Map.of("ADMIN_USERNAME", AuthClient.uniqueName(), "ADMIN_PASSWORD_HASH", "plain-text")));
        assertTrue(error.getMessage().contains("ADMIN_PASSWORD_HASH"), error.getMessage());
    }

    @Test
    void theLastAdminCannotBeDemoted() {
        Response refused = demote(ROOT);
        assertEquals(409, refused.status());
        assertEquals("Conflict", refused.json().get("error").asText());
        assertEquals(200, http.get("/admin/users/stats", rootToken()).status());
    }

    @Test
    void theLastAdminCannotBeDeleted() {
        String token = rootToken();
        assertEquals(409, http.delete("/sessions/admin/users/" + ROOT, token).status());
        assertEquals(409, http.post("/sessions/delete_account", null, token).status());
        assertEquals(200, http.get("/admin/users/stats", token).status());
    }

    @Test
    void concurrentDemotionsOfTheLastTwoAdminsLeaveOne() throws Exception {
        String second = AuthClient.uniqueName();
        client.registerAndLogin(second);
        assertEquals(200, http.post("/admin/users/promote", Map.of("username", second), rootToken()).status());
        String token = rootToken();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : List.of(ROOT, second)) {
                results.add(pool.submit(() -> {
                    go.await();
                    return http.post("/admin/users/demote", Map.of("username", name), token).status();
                }));
            }
            go.countDown();
            Set<Integer> statuses = new HashSet<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertEquals(Set.of(200, 409), statuses);
        }
        assertEquals(1, http.get("/admin/users/stats", adminTokenOf(ROOT, second)).json().get("admins").asInt());
        restoreRoot(second);
    }

    @Test
    void roleChangesOfUnknownUsersAre404AndMissingNamesAre422() {
        assertEquals(404, http.post("/admin/users/promote", Map.of("username", "nobody-here"), rootToken()).status());
        assertEquals(404, demote("nobody-here").status());
        assertEquals(422, http.post("/admin/users/promote", Map.of(), rootToken()).status());
        assertEquals(400, http.post("/admin/users/promote", "{not json", rootToken()).status());
    }

    @Test
    void listingPagesThroughEveryUserWithTheCursor() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            String name = AuthClient.uniqueName();
            assertEquals(200, client.register(name, AuthClient.PASSWORD).status());
            created.add(name);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            Response response = http.get("/admin/users?limit=10&cursor=" + cursor, rootToken());
            assertEquals(200, response.status(), response.text());
            JsonNode page = response.json();
            page.get("users").forEach(user -> {
                seen.add(user.get("username").asText());
                assertFalse(user.has("password_hash"));
            });
            assertEquals(page.get("users").size(), page.get("count").asInt());
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertTrue(seen.containsAll(created));
        assertTrue(seen.contains(ROOT));
        assertTrue(pages > 1, "25 users in pages of about 10");
    }

    @Test
    void listingRejectsBadCursorAndLimitWith400() {
        String token = rootToken();
        for (String query : List.of("cursor=abc", "cursor=-1", "limit=0", "limit=501", "limit=x")) {
            Response response = http.get("/admin/users?" + query, token);
            assertEquals(400, response.status(), query);
            assertEquals("Bad Request", response.json().get("error").asText());
        }
    }

    @Test
    void systemStatsCountUsersSessionsAndSocketsPerHub() {
        redis.getMap("connections:{stats-user}", StringCodec.INSTANCE).put("hub-9", "3|1|1|some-session");
        JsonNode stats = http.get("/admin/system/stats", rootToken()).json();
        assertTrue(stats.at("/users/total_users").asInt() >= 1);
        assertTrue(stats.at("/sessions/active").asInt() >= 1);
        assertEquals(3, stats.at("/connections/per_hub/hub-9").asInt());
        // this auth-service's own batcher (it queues the touches of authenticated calls) reports at start
        JsonNode own = stats.at("/batcher/instances/auth-admin");
        assertTrue(own.get("touches_received").isNumber(), stats.toString());
        assertTrue(own.get("rounds").isNumber(), stats.toString());
        assertTrue(stats.at("/batcher/total/updates_received").isNumber(), stats.toString());
        redis.getMap("connections:{stats-user}").delete();
    }

    @Test
    void redisInfoReportsTheServer() {
        JsonNode info = http.get("/admin/system/redis-info", rootToken()).json();
        assertEquals("single", info.get("mode").asText());
        assertTrue(info.at("/nodes/0/redis_version").asText().matches("\\d+\\.\\d+.*"));
    }

    @Test
    void cleanupRemovesDanglingIndexEntriesAndSessionsOfVanishedAccounts() {
        String name = AuthClient.uniqueName();
        String token = client.registerAndLogin(name).get("access_token").asText();
        redis.getSet("user_sessions:{" + name + "}", StringCodec.INSTANCE).add("ghost-session");
        redis.getMap("users:{" + name + "}").delete(); // as if an instance died midway through a deletion

        Response cleaned = http.post("/admin/system/cleanup-sessions", null, rootToken());
        assertEquals(200, cleaned.status(), cleaned.text());
        assertTrue(cleaned.json().get("removed_index_entries").asInt() >= 1);
        assertTrue(cleaned.json().get("ended_orphan_sessions").asInt() >= 1);
        AuthClient.assertUnauthorized(http.post("/sessions/logout", null, token));
        assertFalse(redis.getSet("user_sessions:{" + name + "}", StringCodec.INSTANCE).contains("ghost-session"));
    }

    private static Response demote(String name) {
        return http.post("/admin/users/demote", Map.of("username", name), rootToken());
    }

    private static String rootToken() {
        return adminTokenOf(ROOT);
    }

    /** A token of whichever of {@code names} is still an admin. */
    private static String adminTokenOf(String... names) {
        List<String> tried = new ArrayList<>();
        for (String name : names) {
            String password = ROOT.equals(name) ? ROOT_PASSWORD : AuthClient.PASSWORD;
            Response login = client.login(name, password);
            if (login.status() == 200 && "admin".equals(roleOf(name))) {
                return login.json().get("access_token").asText();
            }
            tried.add(name + ": login " + login.status() + ", role " + roleOf(name));
        }
        throw new AssertionError("no admin among " + tried);
    }

    /** Leaves root as the only admin again, whichever admin the concurrent demotion left. */
    private static void restoreRoot(String other) {
        String token = adminTokenOf(ROOT, other);
        assertEquals(200, http.post("/admin/users/promote", Map.of("username", ROOT), token).status());
        assertEquals(200, demote(other).status());
    }

    private static String roleOf(String name) {
        return redis.<String, String>getMap("users:{" + name.toLowerCase() + "}", StringCodec.INSTANCE).get("role");
    }
}
