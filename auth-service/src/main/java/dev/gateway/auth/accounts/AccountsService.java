package dev.gateway.auth.accounts;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.common.tokens.Authenticator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** The Accounts endpoints of API.md under {@code /sessions}. */
public final class AccountsService implements HttpService {
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final int MAX_ADDRESS_LENGTH = 64;

    private final Accounts accounts;
    private final Authenticator authenticator;

    public AccountsService(Accounts accounts, Authenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", this::register)
                .post("/login", this::login)
                .post("/refresh", this::refresh)
                .post("/logout", this::logout)
                .post("/delete_account", this::deleteAccount);
    }

    record RegisterRequest(String username, String email, String password) {
    }

    record LoginRequest(String username, String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    private void register(ServerRequest request, ServerResponse response) {
        RegisterRequest body = HttpJson.read(request, RegisterRequest.class);
        String username = accounts.register(body.username(), body.email(), body.password());
        HttpJson.send(response, Json.fields("message", "User registered successfully", "username", username));
    }

    private void login(ServerRequest request, ServerResponse response) {
        LoginRequest body = HttpJson.read(request, LoginRequest.class);
        if (body.username() == null || body.username().isBlank()) {
            throw ApiException.validation("username", "is required");
        }
        if (body.password() == null) {
            throw ApiException.validation("password", "is required");
        }
        HttpJson.send(response, accounts.login(body.username(), body.password(), clientIp(request)));
    }

    /**
     * The caller's address: the last {@code X-Forwarded-For} entry, which the edge appends (earlier entries
     * come from the client and prove nothing), else the TCP peer.
     */
    static String clientIp(ServerRequest request) {
        if (request.headers().contains(FORWARDED_FOR)) {
            List<String> values = request.headers().get(FORWARDED_FOR).allValues();
            String last = values.getLast();
            String ip = last.substring(last.lastIndexOf(',') + 1).trim();
            if (!ip.isEmpty() && ip.length() <= MAX_ADDRESS_LENGTH) {
                return ip;
            }
        }
        return request.remotePeer().host();
    }

    private void refresh(ServerRequest request, ServerResponse response) {
        RefreshRequest body = HttpJson.read(request, RefreshRequest.class);
        if (body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw ApiException.validation("refresh_token", "is required");
        }
        HttpJson.send(response, accounts.refresh(body.refreshToken()));
    }

    private void logout(ServerRequest request, ServerResponse response) {
        accounts.logout(authenticator.authenticate(BearerToken.require(request.headers())));
        HttpJson.send(response, Json.fields("message", "Logged out successfully"));
    }

    private void deleteAccount(ServerRequest request, ServerResponse response) {
        accounts.deleteAccount(authenticator.authenticate(BearerToken.require(request.headers())));
        HttpJson.send(response, Json.fields("message", "Account deleted successfully"));
    }
}
