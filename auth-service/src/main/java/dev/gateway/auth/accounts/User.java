package dev.gateway.auth.accounts;

/** An account. {@code username} keeps the case it was registered with; lookups ignore case. */
public record User(String username, String email, String passwordHash, String role, double createdAt) {
}
