package dev.gateway.auth.accounts;

/** The login response of API.md. */
public record LoginResult(String accessToken,
                          String tokenType,
                          long expiresIn,
                          String refreshToken,
                          UserView user,
                          String sessionId) {

    /** The user as shown to clients: never the email or hash. */
    public record UserView(String username, String role) {
    }
}
