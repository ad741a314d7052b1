package dev.gateway.common.tokens;

/** A signed access token and its lifetime in seconds. */
public record IssuedToken(String token, long expiresIn) {
}
