package dev.gateway.auth.accounts;

import dev.gateway.common.config.ConfigException;
import dev.gateway.common.config.Settings.LoginPolicy;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.sessions.Session;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionTerminator;
import dev.gateway.common.tokens.IssuedToken;
import dev.gateway.common.tokens.Principal;
import dev.gateway.common.tokens.TokenService;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** Registration, login, token refresh, logout and account deletion. */
public final class Accounts {
    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
    private static final String BAD_CREDENTIALS = "Invalid username or password";

    private final UserStore users;
    private final PasswordHasher hasher;
    private final AccountRules rules;
    private final SessionStore sessions;
    private final SessionTerminator terminator;
    private final TokenService tokens;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final AccountRoles roles;
    private final LoginPolicy policy;
    private final Clock clock;
    /** Verified against when the user does not exist, so both failures cost the same time. */
    private final String dummyHash;

    public Accounts(UserStore users, PasswordHasher hasher, AccountRules rules, SessionStore sessions,
                    SessionTerminator terminator, TokenService tokens, RefreshTokens refreshTokens,
                    LoginThrottle throttle, AccountRoles roles, LoginPolicy policy, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.rules = rules;
        this.sessions = sessions;
        this.terminator = terminator;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.roles = roles;
        this.policy = policy;
        this.clock = clock;
        this.dummyHash = hasher.hash(UUID.randomUUID().toString());
    }

    /** Creates an account with the user role; 422 for invalid fields, 409 when the name is taken. */
    public String register(String username, String email, String password) {
        rules.checkRegistration(username, email, password);
        User user = new User(username, email, hasher.hash(password), Principal.USER, now(), 0);
        if (!users.create(user)) {
            throw ApiException.conflict("Username '" + username + "' is already taken");
        }
        LOG.info("registered " + username);
        return username;
    }

    /**
     * Logs in from {@code clientIp}: 429 while the name or the IP is throttled, one 401 for unknown user and
     * wrong password alike (both verify a hash, so both take the same time).
     */
    public LoginResult login(String username, String password, String clientIp) {
        throttle.check(username, clientIp);
        Optional<User> found = users.find(username);
        String hash = found.map(User::passwordHash).orElse(dummyHash);
        boolean matches = hasher.verify(hash, password);
        if (found.isEmpty() || !matches) {
            throw failedLogin(username, clientIp);
        }
        User user = found.get();
        throttle.succeeded(username);
        if (hasher.needsRehash(user.passwordHash())) {
            users.setPasswordHash(user.username(), hasher.hash(password));
        }
        users.setLastLogin(user.username(), now());
        if (policy == LoginPolicy.SINGLE) {
            terminator.endAll(user.username(), "Logged in elsewhere");
        }
        Session session = sessions.create(user.username(), null, null)
                .orElseThrow(() -> new IllegalStateException("new session id collided"));
        return tokensFor(user.username(), user.role(), session.sessionId());
    }

    /** Rotates a refresh token; presenting a spent one ends the whole session. */
    public LoginResult refresh(String refreshToken) {
        RefreshTokens.Use use = refreshTokens.spend(refreshToken)
                .orElseThrow(() -> ApiException.unauthorized("Invalid refresh token"));
        if (use.reused()) {
            terminator.end(use.sessionId(), "Refresh token reused");
            throw ApiException.unauthorized("Refresh token was already used; the session has been ended");
        }
        String owner = sessions.owner(use.sessionId()).orElse(null);
        User user = users.find(use.userId()).orElse(null);
        if (user == null || !user.username().equals(owner)) {
            throw ApiException.unauthorized("Session has ended");
        }
        users.setLastLogin(user.username(), now());
        return tokensFor(user.username(), user.role(), use.sessionId());
    }

    public void logout(Principal principal) {
        terminator.end(principal.sessionId(), "Logged out");
    }

    public void deleteAccount(Principal principal) {
        delete(principal.userId(), "Account deleted");
    }

    /**
     * Deletes the account and ends all its sessions (tokens and sockets); 404 when there is no such user,
     * 409 when it is the last admin.
     */
    public void delete(String username, String reason) {
        boolean existed = roles.deleting(username, () -> users.delete(username));
        if (!existed) {
            throw ApiException.notFound("User '" + username + "' not found");
        }
        terminator.endAll(username, reason);
    }

    /**
     * Takes the admin role away and ends the user's sessions: their tokens carry {@code role: admin}, which
     * the other services believe, so none of them may stay in use. 404 unknown user, 409 last admin.
     */
    public User demote(String username) {
        User user = roles.demote(username);
        terminator.endAll(user.username(), "Role changed");
        return user;
    }

    /**
     * Creates the configured first admin if it does not exist, or gives it the admin role and the configured
     * password.
     */
    public void ensureAdmin(String username, Optional<String> password, Optional<String> passwordHash) {
        AccountRules.checkUsername(username);
        // a hash that is given but malformed stops start-up rather than falling back to ADMIN_PASSWORD
        String hash = passwordHash.isPresent()
                ? passwordHash.filter(PasswordHasher::isEncodedHash).orElseThrow(() -> new ConfigException(
                        "ADMIN_PASSWORD_HASH must be an Argon2id PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash)"))
                : hasher.hash(password.orElseThrow(() -> new ConfigException("ADMIN_USERNAME needs ADMIN_PASSWORD")));
        User admin = new User(username, username + "@admin.invalid", hash, Principal.ADMIN, now(), 0);
        if (!users.create(admin)) {
            users.setRole(username, Principal.ADMIN);
            // the configuration is the truth about the first admin's password, also for an existing account
            User existing = users.find(username).orElse(admin);
            boolean current = passwordHash.isPresent() ? passwordHash.get().equals(existing.passwordHash())
                    : hasher.verify(existing.passwordHash(), password.orElseThrow());
            if (!current) {
                users.setPasswordHash(existing.username(), hash);
            }
        }
        roles.countAsAdmin(username);
        LOG.info("admin account '" + username + "' is configured");
    }

    private ApiException failedLogin(String username, String clientIp) {
        throttle.failed(username, clientIp);
        return ApiException.unauthorized(BAD_CREDENTIALS);
    }

    private double now() {
        return clock.millis() / 1000.0;
    }

    private LoginResult tokensFor(String username, String role, String sessionId) {
        IssuedToken access = tokens.issue(username, role, sessionId);
        String refresh = refreshTokens.issue(sessionId, username);
        return new LoginResult(access.token(), "bearer", access.expiresIn(), refresh,
                new LoginResult.UserView(username, role), sessionId);
    }
}
