package dev.gateway.auth.admin;

import dev.gateway.auth.accounts.AccountRoles;
import dev.gateway.auth.accounts.Accounts;
import dev.gateway.auth.accounts.User;
import dev.gateway.auth.accounts.UserStore;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The Admin endpoints of API.md, and the admin deletion of an account; all for admins only. */
public final class AdminService implements HttpService {
    private static final Pattern CURSOR = Pattern.compile("\\d{1,20}");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final AdminAccess access;
    private final AccountRoles roles;
    private final Accounts accounts;
    private final UserStore users;
    private final SystemAdmin system;
    private final RedisInfo redisInfo;

    public AdminService(AdminAccess access, AccountRoles roles, Accounts accounts, UserStore users,
                        SystemAdmin system, RedisInfo redisInfo) {
        this.access = access;
        this.roles = roles;
        this.accounts = accounts;
        this.users = users;
        this.system = system;
        this.redisInfo = redisInfo;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/admin/users/promote", this::promote)
                .post("/admin/users/demote", this::demote)
                .get("/admin/users/stats", (req, res) -> answer(req, res, system::userStats))
                .get("/admin/users", this::listUsers)
                .get("/admin/system/stats", (req, res) -> answer(req, res, system::systemStats))
                .get("/admin/system/redis-info", (req, res) -> answer(req, res, redisInfo::report))
                .post("/admin/system/cleanup-sessions", (req, res) -> answer(req, res, system::cleanupSessions))
                .delete("/sessions/admin/users/{username}", this::deleteUser);
    }

    record RoleRequest(String username) {
    }

    /** Checks admin access, then answers with what {@code body} computes. */
    private void answer(ServerRequest request, ServerResponse response, Supplier<?> body) {
        access.require(request);
        HttpJson.send(response, body.get());
    }

    private void promote(ServerRequest request, ServerResponse response) {
        access.require(request);
        User user = roles.promote(username(request));
        HttpJson.send(response, roleChanged(user, "admin", "promoted to admin"));
    }

    private void demote(ServerRequest request, ServerResponse response) {
        access.require(request);
        User user = accounts.demote(username(request));
        HttpJson.send(response, roleChanged(user, "user", "demoted to user"));
    }

    private void listUsers(ServerRequest request, ServerResponse response) {
        access.require(request);
        String cursor = request.query().first("cursor").filter(value -> !value.isEmpty()).orElse("0");
        if (!CURSOR.matcher(cursor).matches()) {
            throw ApiException.badRequest("cursor must be a value returned as next_cursor, or empty");
        }
        int limit = limit(request.query().first("limit").orElse(Integer.toString(DEFAULT_LIMIT)));
        UserStore.Page page = users.page(cursor, limit);
        List<Map<String, Object>> views = page.users().stream().map(AdminService::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", views);
        body.put("count", views.size());
        body.put("next_cursor", "0".equals(page.nextCursor()) ? null : page.nextCursor());
        HttpJson.send(response, body);
    }

    private void deleteUser(ServerRequest request, ServerResponse response) {
        access.require(request);
        String username = request.path().pathParameters().get("username");
        accounts.delete(username, "Account deleted by an admin");
        HttpJson.send(response, Json.fields("message", "User '" + username + "' deleted", "username", username));
    }

    private static String username(ServerRequest request) {
        RoleRequest body = HttpJson.read(request, RoleRequest.class);
        if (body.username() == null || body.username().isBlank()) {
            throw ApiException.validation("username", "is required");
        }
        return body.username();
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static Map<String, Object> roleChanged(User user, String role, String what) {
        return Json.fields("message", "User '" + user.username() + "' " + what, "username", user.username(), "role", role);
    }

    private static Map<String, Object> view(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", user.username());
        view.put("email", user.email());
        view.put("role", user.role());
        view.put("created_at", user.createdAt());
        view.put("last_login", user.lastLogin() == 0 ? null : user.lastLogin());
        return view;
    }
}
