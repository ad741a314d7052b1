package dev.gateway.common.config;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed configuration of every service, parsed once at start by {@link SettingsLoader} from environment
 * variables and an optional YAML file. Each service reads the parts it needs.
 */
public record Settings(String appName,
                       String instanceId,
                       String logLevel,
                       ServerSettings server,
                       UpstreamSettings upstreams,
                       RedisSettings redis,
                       TokenSettings tokens,
                       AccountSettings accounts,
                       SessionSettings sessions,
                       WebSocketSettings websockets,
                       EdgeSettings edge) {

    /** Listening ports and HTTP limits. */
    public record ServerSettings(String bindHost,
                                 int edgePort,
                                 int authPort,
                                 int sessionPort,
                                 int hubPort,
                                 int maxBodyBytes,
                                 Optional<URI> publicUrl) {
    }

    /** Where the edge finds the internal services; each list may hold several instances. */
    public record UpstreamSettings(List<URI> auth, List<URI> session, List<URI> hub, Duration timeout) {
    }

    /** How to reach Redis: {@code single} uses {@code url}; sentinel and cluster use {@code nodes}. */
    public record RedisSettings(URI url, RedisMode mode, Optional<String> sentinelMaster, List<URI> nodes) {
    }

    public enum RedisMode { SINGLE, SENTINEL, CLUSTER }

    /**
     * Access token keys and lifetimes. {@code algorithm} names the signing key: HS256 signs with
     * {@code secretKey}, RS256/ES256 with {@code privateKey} (only the service that issues tokens needs it).
     * Every other key is accepted for verification only, which is how keys are rotated.
     * {@code sessionCheckCache} is how long a positive "session is live" answer may be reused.
     */
    public record TokenSettings(String algorithm,
                                Optional<byte[]> secretKey,
                                List<byte[]> previousSecretKeys,
                                Optional<PrivateKey> privateKey,
                                Optional<PublicKey> publicKey,
                                List<PublicKey> verifyKeys,
                                Duration accessTokenTtl,
                                Duration refreshTokenTtl,
                                Duration clockLeeway,
                                Duration sessionCheckCache) {
    }

    /**
     * Accounts: password rules, Argon2id cost, login policy, brute-force limits, the configured first admin,
     * and the removal of accounts unused for {@code maxInactive} (checked every {@code inactiveSweepInterval}).
     */
    public record AccountSettings(int passwordMinLength,
                                  Argon2Settings argon2,
                                  LoginPolicy loginPolicy,
                                  LoginThrottleSettings throttle,
                                  Optional<String> adminUsername,
                                  Optional<String> adminPassword,
                                  Optional<String> adminPasswordHash,
                                  Duration maxInactive,
                                  Duration inactiveSweepInterval) {
    }

    /**
     * Failed logins per username and per client IP: from {@code delayAfter} failures on, each attempt must
     * wait a delay that doubles (from 1 s); at {@code lockoutAfter} failures, logins are refused for
     * {@code lockout}. Failures are forgotten {@code lockout} after the last one.
     */
    public record LoginThrottleSettings(Limits perUser, Limits perIp, Duration lockout) {
    }

    public record Limits(int delayAfter, int lockoutAfter) {
    }

    /** Argon2id cost; {@link #DEFAULTS} is what the auth-service uses when no ARGON2_* key is set. */
    public record Argon2Settings(int memoryKib, int iterations, int parallelism) {
        public static final Argon2Settings DEFAULTS = new Argon2Settings(19 * 1024, 2, 1);
    }

    public enum LoginPolicy { SINGLE, MULTI }

    /**
     * Session lifetime and the write-behind batcher: its longest wait between rounds and how many updates
     * may wait in its queue before callers are turned away.
     */
    public record SessionSettings(Duration inactivityTimeout,
                                  Duration batchWriteInterval,
                                  int conversationLimit,
                                  int batchQueueLimit) {
    }

    /** WebSocket liveness, size and connection limits, send queue and shutdown drain window. */
    public record WebSocketSettings(Duration pingInterval,
                                    Duration pongTimeout,
                                    Duration inactivityTimeout,
                                    int maxMessageBytes,
                                    int maxConnectionsPerUser,
                                    int maxConnectionsPerHub,
                                    int sendQueueMessages,
                                    Duration drainWindow) {
    }

    /**
     * What only the edge uses: CORS, rate limits, which dynamic route targets are allowed, and the proxies
     * (CIDR blocks) whose {@code X-Forwarded-For} is believed.
     */
    public record EdgeSettings(CorsSettings cors,
                               RateLimitSettings rateLimits,
                               boolean routesAllowLinkLocal,
                               List<String> trustedProxies) {
    }

    /** CORS; no origins means no CORS headers at all. {@code *} allows any origin. */
    public record CorsSettings(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders) {
    }

    /**
     * Requests allowed per {@code window}: login class (register, login, refresh) per client IP; API and
     * dynamic-proxy classes per client IP and per user.
     */
    public record RateLimitSettings(Duration window,
                                    int loginPerIp,
                                    int apiPerIp,
                                    int apiPerUser,
                                    int proxyPerIp,
                                    int proxyPerUser) {
    }
}
