package dev.gateway.common.tokens;

/** An authenticated caller: whose token, which role, which live session. */
public record Principal(String userId, String role, String sessionId) {
    public static final String ADMIN = "admin";
    public static final String USER = "user";

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
