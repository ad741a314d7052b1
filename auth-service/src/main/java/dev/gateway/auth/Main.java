package dev.gateway.auth;

import dev.gateway.auth.accounts.AccountRules;
import dev.gateway.auth.accounts.Accounts;
import dev.gateway.auth.accounts.AccountsService;
import dev.gateway.auth.accounts.PasswordHasher;
import dev.gateway.auth.accounts.RefreshTokens;
import dev.gateway.auth.accounts.UserStore;
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

import java.util.List;

/** auth-service: accounts, passwords, tokens. */
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
        CommonServices common = CommonServices.create(settings);
        AccountSettings accountSettings = settings.accounts();
        UserStore users = new UserStore(common.redis());
        PasswordHasher hasher = new PasswordHasher(accountSettings.argon2());
        RefreshTokens refreshTokens = new RefreshTokens(common.redis(), settings.tokens().refreshTokenTtl());
        Accounts accounts = new Accounts(users, hasher, new AccountRules(accountSettings.passwordMinLength()),
                common.sessions(), common.terminator(), common.tokens(), refreshTokens,
                accountSettings.loginPolicy(), common.clock());
        accountSettings.adminUsername().ifPresent(admin ->
                accounts.ensureAdmin(admin, accountSettings.adminPassword(), accountSettings.adminPasswordHash()));
        HealthService health = common.health(SERVICE, body -> { });
        AccountsService accountsService = new AccountsService(accounts, common.authenticator());
        WebServer server = ApiServer.start(settings.server().bindHost(), settings.server().authPort(), common.metrics(),
                routing -> routing(routing, health, accountsService));
        return new RunningService(SERVICE, server, List.of(common));
    }

    static void routing(HttpRouting.Builder routing, HealthService health, AccountsService accounts) {
        routing.register(health).register("/sessions", accounts);
    }
}
