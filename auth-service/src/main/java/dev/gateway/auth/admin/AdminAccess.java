package dev.gateway.auth.admin;

import dev.gateway.auth.accounts.UserStore;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import io.helidon.webserver.http.ServerRequest;

/**
 * Lets admins through: 401 without a valid token, 403 unless the user's record says admin. The record,
 * not the token's {@code role} claim, decides, so a demotion takes effect at once even though the
 * demoted admin's tokens still say {@code role: admin} until they expire.
 */
public final class AdminAccess {
    private final Authenticator authenticator;
    private final UserStore users;

    public AdminAccess(Authenticator authenticator, UserStore users) {
        this.authenticator = authenticator;
        this.users = users;
    }

    public Principal require(ServerRequest request) {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        boolean admin = users.find(principal.userId()).map(user -> Principal.ADMIN.equals(user.role())).orElse(false);
        if (!admin) {
            throw ApiException.forbidden("Admin role required");
        }
        return principal;
    }
}
