package dev.gateway.common.config;

import java.net.URI;
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
                       WebSocketSettings websockets) {

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

    /** Access token signing. */
    public record TokenSettings(String algorithm,
                                byte[] secretKey,
                                Duration accessTokenTtl,
                                Duration refreshTokenTtl,
                                Duration clockLeeway) {
    }

    /** Accounts: password rules, Argon2id cost, login policy and the configured first admin. */
    public record AccountSettings(int passwordMinLength,
                                  Argon2Settings argon2,
                                  LoginPolicy loginPolicy,
                                  Optional<String> adminUsername,
                                  Optional<String> adminPassword,
                                  Optional<String> adminPasswordHash) {
    }

    public record Argon2Settings(int memoryKib, int iterations, int parallelism) {
    }

    public enum LoginPolicy { SINGLE, MULTI }

    /** Session lifetime and the write-behind interval. */
    public record SessionSettings(Duration inactivityTimeout,
                                  int maxInactiveDays,
                                  Duration batchWriteInterval,
                                  int conversationLimit) {
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
}
