package dev.gateway.auth.accounts;

/**
 * An account. {@code username} keeps the case it was registered with; lookups ignore case.
 * {@code lastLogin} is the last login or token refresh (seconds since the epoch; 0 if never).
 */
public record User(String username, String email, String passwordHash, String role, double createdAt,
                   double lastLogin) {

    /** The time the account was last used, or created if it never was. */
    public double lastUsed() {
        return Math.max(createdAt, lastLogin);
    }
}
