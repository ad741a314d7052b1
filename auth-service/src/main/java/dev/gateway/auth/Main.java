package dev.gateway.auth;

import dev.gateway.auth.accounts.AccountRoles;
import dev.gateway.auth.accounts.AccountRules;
import dev.gateway.auth.accounts.Accounts;
import dev.gateway.auth.accounts.AccountsService;
import dev.gateway.auth.accounts.InactiveAccounts;
import dev.gateway.auth.accounts.LoginThrottle;
import dev.gateway.auth.accounts.PasswordHasher;
import dev.gateway.auth.accounts.RefreshTokens;
import dev.gateway.auth.accounts.UserStore;
import dev.gateway.auth.admin.AdminAccess;
import dev.gateway.auth.admin.AdminService;
import dev.gateway.auth.admin.RedisInfo;
import dev.gateway.auth.admin.SystemAdmin;
import dev.gateway.auth.tokens.JwksService;
import dev.gateway.common.config.ConfigException;
import dev.gateway.common.config.Settings;
import dev.gateway.common.config.Settings.AccountSettings;
import dev.gateway.common.config.SettingsLoader;
import dev.gateway.common.health.HealthService;
import dev.gateway.common.log.JsonLogging;
import dev.gateway.common.server.ApiServer;
import dev.gateway.common.server.CommonServices;
import dev.gateway.common.server.RunningService;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.util.List;

/** auth-service: accounts, passwords, tokens, admin user management. */
public final class Main {
    public static final String SERVICE = "auth-service";

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = SettingsLoader.load(SERVICE);
        JsonLogging.install(SERVICE, settings.logLevel());
        start(settings).closeOnShutdown();
    }

    public static RunningService start(Settings settings) {
        if (!settings.tokens().algorithm().equals("HS256") && settings.tokens().privateKey().isEmpty()) {
            throw new ConfigException("JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required by auth-service when ALGORITHM is "
                    + settings.tokens().algorithm());
        }
        CommonServices common = CommonServices.create(settings);
        AccountSettings accountSettings = settings.accounts();
        UserStore users = new UserStore(common.redis());
        AccountRoles roles = new AccountRoles(common.redis(), users);
        PasswordHasher hasher = new PasswordHasher(accountSettings.argon2());
        RefreshTokens refreshTokens = new RefreshTokens(common.redis(), settings.tokens().refreshTokenTtl());
        LoginThrottle throttle = new LoginThrottle(common.redis(), accountSettings.throttle(), common.clock());
        Accounts accounts = new Accounts(users, hasher, new AccountRules(accountSettings.passwordMinLength()),
                common.sessions(), common.terminator(), common.tokens(), refreshTokens, throttle, roles,
                accountSettings.loginPolicy(), common.clock());
        accountSettings.adminUsername().ifPresent(admin ->
                accounts.ensureAdmin(admin, accountSettings.adminPassword(), accountSettings.adminPasswordHash()));
        InactiveAccounts inactive = new InactiveAccounts(users, accounts, common.redis(), accountSettings.maxInactive(),
                accountSettings.inactiveSweepInterval(), settings.instanceId(), common.clock()).start();
        SystemAdmin system = new SystemAdmin(users, common.sessions(), common.terminator(), common.connections(),
                common.writeBehindReports()::all, settings.instanceId(), common.clock());
        AdminService admin = new AdminService(new AdminAccess(common.authenticator(), users), roles, accounts, users,
                system, new RedisInfo(common.redis(), settings.redis().mode()));
        HealthService health = common.health(SERVICE, body -> { });
        AccountsService accountsService = new AccountsService(accounts, common.authenticator());
        WebServer server = ApiServer.start(settings.server().bindHost(), settings.server().authPort(), common.metrics(),
                routing -> routing(routing, health, accountsService, admin, new JwksService(common.tokens())));
        return new RunningService(SERVICE, server, List.of(inactive, common));
    }

    static void routing(HttpRouting.Builder routing, HealthService health, AccountsService accounts,
                        HttpService admin, JwksService jwks) {
        routing.register(health).register(jwks).register(admin).register("/sessions", accounts);
    }
}
