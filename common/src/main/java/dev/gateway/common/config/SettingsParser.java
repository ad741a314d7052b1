package dev.gateway.common.config;

import dev.gateway.common.config.Settings.AccountSettings;
import dev.gateway.common.config.Settings.CorsSettings;
import dev.gateway.common.config.Settings.EdgeSettings;
import dev.gateway.common.config.Settings.RateLimitSettings;
import dev.gateway.common.config.Settings.Argon2Settings;
import dev.gateway.common.config.Settings.Limits;
import dev.gateway.common.config.Settings.LoginPolicy;
import dev.gateway.common.config.Settings.LoginThrottleSettings;
import dev.gateway.common.config.Settings.RedisMode;
import dev.gateway.common.config.Settings.RedisSettings;
import dev.gateway.common.config.Settings.ServerSettings;
import dev.gateway.common.config.Settings.SessionSettings;
import dev.gateway.common.config.Settings.TokenSettings;
import dev.gateway.common.config.Settings.UpstreamSettings;
import dev.gateway.common.config.Settings.WebSocketSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns raw key/value pairs into {@link Settings}, naming the key of any invalid value. */
public final class SettingsParser {
    /** Every key the gateway understands (environment variable names, also used in YAML files). */
    public static final Set<String> KEYS = Set.of(
            "APP_NAME", "INSTANCE_ID", "LOGGING_LEVEL", "BIND_HOST", "DEFAULT_PORT", "AUTH_PORT", "SESSION_PORT",
            "WS_HUB_PORT", "MAX_BODY_BYTES", "PUBLIC_URL", "AUTH_SERVICE_URLS", "SESSION_SERVICE_URLS", "WS_HUB_URLS",
            "UPSTREAM_TIMEOUT_SECONDS", "REDIS_URL", "REDIS_MODE", "REDIS_SENTINEL_MASTER", "REDIS_NODES",
            "SECRET_KEY", "ALGORITHM", "ACCESS_TOKEN_EXPIRE_MINUTES", "REFRESH_TOKEN_EXPIRE_DAYS",
            "TOKEN_CLOCK_LEEWAY_SECONDS", "PASSWORD_MIN_LENGTH", "ARGON2_MEMORY_KIB", "ARGON2_ITERATIONS",
            "ARGON2_PARALLELISM", "LOGIN_POLICY", "ADMIN_USERNAME", "ADMIN_PASSWORD", "ADMIN_PASSWORD_HASH",
            "SESSION_TIMEOUT_MINUTES", "SESSION_TIMEOUT_SECONDS", "SESSION_MAX_INACTIVE_DAYS", "BATCH_WRITE_INTERVAL_MS",
            "BATCH_QUEUE_MAX_UPDATES",
            "REDIS_SESSION_TIMEOUT_SECONDS", "CONVERSATION_MAX_MESSAGES", "WEBSOCKETS_PING_INTERVAL",
            "WEBSOCKETS_PONG_TIMEOUT", "WEBSOCKETS_INACTIVITY_TIMEOUT", "WS_MAX_MESSAGE_BYTES",
            "ALLOW_ORIGINS", "ALLOW_METHODS", "ALLOW_HEADERS", "PREVIOUS_SECRET_KEYS", "JWT_PRIVATE_KEY",
            "JWT_PRIVATE_KEY_FILE", "JWT_PUBLIC_KEY", "JWT_PUBLIC_KEY_FILE", "JWT_VERIFY_KEYS", "JWT_VERIFY_KEYS_FILE",
            "SESSION_CHECK_CACHE_MS", "LOGIN_DELAY_AFTER_FAILURES", "LOGIN_LOCKOUT_AFTER_FAILURES",
            "LOGIN_IP_DELAY_AFTER_FAILURES", "LOGIN_IP_LOCKOUT_AFTER_FAILURES", "LOGIN_LOCKOUT_SECONDS",
            "INACTIVE_ACCOUNT_SWEEP_SECONDS",
            "ROUTES_ALLOW_LINK_LOCAL", "RATE_LIMIT_WINDOW_SECONDS",
            "RATE_LIMIT_LOGIN_PER_IP", "RATE_LIMIT_API_PER_IP", "RATE_LIMIT_API_PER_USER", "RATE_LIMIT_PROXY_PER_IP",
            "RATE_LIMIT_PROXY_PER_USER", "TRUSTED_PROXIES",
            "WS_MAX_CONNECTIONS_PER_USER", "WS_MAX_CONNECTIONS", "WS_SEND_QUEUE_MESSAGES", "WS_DRAIN_SECONDS");

    private static final int MIN_SECRET_BYTES = 32;
    private static final int MAX_SESSION_CHECK_CACHE_MS = 900;
    private static final int MAX_DAYS = 36500;

    private final Map<String, String> values;

    private SettingsParser(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code values}; keys that are absent take their documented defaults. */
    public static Settings parse(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("Unknown configuration key: " + key);
            }
        }
        return new SettingsParser(values).settings();
    }

    private Settings settings() {
        return new Settings(
                text("APP_NAME", "API Gateway"),
                text("INSTANCE_ID", "instance"),
                choice("LOGGING_LEVEL", "INFO", "DEBUG", "INFO", "WARNING", "ERROR"),
                server(),
                new UpstreamSettings(uris("AUTH_SERVICE_URLS", "http://127.0.0.1:8081"),
                        uris("SESSION_SERVICE_URLS", "http://127.0.0.1:8082"),
                        uris("WS_HUB_URLS", "http://127.0.0.1:8083"),
                        Duration.ofSeconds(positive("UPSTREAM_TIMEOUT_SECONDS", 30))),
                redis(),
                tokens(),
                accounts(),
                sessions(),
                new WebSocketSettings(Duration.ofSeconds(positive("WEBSOCKETS_PING_INTERVAL", 25)),
                        Duration.ofSeconds(positive("WEBSOCKETS_PONG_TIMEOUT", 30)),
                        Duration.ofSeconds(positive("WEBSOCKETS_INACTIVITY_TIMEOUT", 60)),
                        positive("WS_MAX_MESSAGE_BYTES", 1 << 20),
                        positive("WS_MAX_CONNECTIONS_PER_USER", 10),
                        positive("WS_MAX_CONNECTIONS", 10_000),
                        positive("WS_SEND_QUEUE_MESSAGES", 1000),
                        Duration.ofSeconds(nonNegative("WS_DRAIN_SECONDS", 10))),
                edge());
    }

    private EdgeSettings edge() {
        CorsSettings cors = new CorsSettings(list("ALLOW_ORIGINS", ""),
                list("ALLOW_METHODS", "GET,POST,PUT,PATCH,DELETE,OPTIONS"),
                list("ALLOW_HEADERS", "Authorization,Content-Type,X-Request-ID"));
        RateLimitSettings limits = new RateLimitSettings(Duration.ofSeconds(positive("RATE_LIMIT_WINDOW_SECONDS", 60)),
                positive("RATE_LIMIT_LOGIN_PER_IP", 30), positive("RATE_LIMIT_API_PER_IP", 1200),
                positive("RATE_LIMIT_API_PER_USER", 600), positive("RATE_LIMIT_PROXY_PER_IP", 1200),
                positive("RATE_LIMIT_PROXY_PER_USER", 600));
        return new EdgeSettings(cors, limits, bool("ROUTES_ALLOW_LINK_LOCAL", false), cidrs("TRUSTED_PROXIES"));
    }

    /** True for an IP literal; only called on text shaped like one, so it never looks a name up. */
    private static boolean isAddress(String literal) {
        try {
            InetAddress.getByName(literal);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private List<String> cidrs(String key) {
        List<String> blocks = list(key, "");
        for (String block : blocks) {
            String[] parts = block.split("/", 2);
            int bits = parts[0].contains(":") ? 128 : 32;
            boolean literal = parts[0].matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")
                    && isAddress(parts[0]);
            boolean prefixOk = parts.length == 1 || parts[1].matches("[0-9]{1,3}") && Integer.parseInt(parts[1]) <= bits;
            if (!literal || !prefixOk) {
                throw new ConfigException(key + " must list IP addresses or CIDR blocks such as 10.0.0.0/8, got '" + block + "'");
            }
        }
        return blocks;
    }

    private List<String> list(String key, String fallback) {
        return Arrays.stream(text(key, fallback).split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    private boolean bool(String key, boolean fallback) {
        return Boolean.parseBoolean(choice(key, Boolean.toString(fallback), "true", "false"));
    }

    private SessionSettings sessions() {
        // SESSION_TIMEOUT_SECONDS exists so that tests can watch a session expire; it wins when set.
        Duration timeout = optional("SESSION_TIMEOUT_SECONDS")
                .map(value -> Duration.ofSeconds(positive("SESSION_TIMEOUT_SECONDS", 1)))
                .orElseGet(() -> Duration.ofMinutes(positive("SESSION_TIMEOUT_MINUTES", 30)));
        // The original's fixed lifetime of session keys. Here a session's key lives as long as the sliding
        // inactivity timeout above, so the value is only checked, for configurations carried over.
        positive("REDIS_SESSION_TIMEOUT_SECONDS", 1800);
        return new SessionSettings(timeout,
                Duration.ofMillis(positive("BATCH_WRITE_INTERVAL_MS", 100)),
                positive("CONVERSATION_MAX_MESSAGES", 100),
                positive("BATCH_QUEUE_MAX_UPDATES", 10_000));
    }

    private ServerSettings server() {
        Optional<URI> publicUrl = optional("PUBLIC_URL").map(value -> uri("PUBLIC_URL", value));
        return new ServerSettings(text("BIND_HOST", "0.0.0.0"),
                port("DEFAULT_PORT", 8000), port("AUTH_PORT", 8081), port("SESSION_PORT", 8082), port("WS_HUB_PORT", 8083),
                positive("MAX_BODY_BYTES", 1 << 20), publicUrl);
    }

    private RedisSettings redis() {
        RedisMode mode = RedisMode.valueOf(choice("REDIS_MODE", "single", "single", "sentinel", "cluster")
                .toUpperCase(Locale.ROOT));
        URI url = uri("REDIS_URL", text("REDIS_URL", "redis://127.0.0.1:6379"));
        if (!Set.of("redis", "rediss").contains(url.getScheme())) {
            throw new ConfigException("REDIS_URL must start with redis:// or rediss://, got '" + url + "'");
        }
        List<URI> nodes = optional("REDIS_NODES").map(value -> uris("REDIS_NODES", value)).orElse(List.of());
        if (mode != RedisMode.SINGLE && nodes.isEmpty()) {
            throw new ConfigException("REDIS_NODES is required when REDIS_MODE is " + mode.name().toLowerCase(Locale.ROOT));
        }
        Optional<String> master = optional("REDIS_SENTINEL_MASTER");
        if (mode == RedisMode.SENTINEL && master.isEmpty()) {
            throw new ConfigException("REDIS_SENTINEL_MASTER is required when REDIS_MODE is sentinel");
        }
        return new RedisSettings(url, mode, master, nodes);
    }

    private TokenSettings tokens() {
        String algorithm = choice("ALGORITHM", "HS256", "HS256", "RS256", "ES256");
        Optional<byte[]> secret = optional("SECRET_KEY").map(value -> secret("SECRET_KEY", value));
        if (algorithm.equals("HS256") && secret.isEmpty()) {
            throw new ConfigException("SECRET_KEY is required (at least " + MIN_SECRET_BYTES + " characters); "
                    + "'./gateway up' generates one for local runs");
        }
        List<byte[]> previousSecrets = optional("PREVIOUS_SECRET_KEYS").stream()
                .flatMap(joined -> Arrays.stream(joined.split(",")))
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .map(part -> secret("PREVIOUS_SECRET_KEYS", part))
                .toList();
        Optional<PrivateKey> privateKey = pem("JWT_PRIVATE_KEY").map(pem -> PemKeys.privateKey(pem.key(), pem.text()));
        Optional<PublicKey> publicKey = pem("JWT_PUBLIC_KEY").map(pem -> onlyKey(pem.key(), pem.text()));
        if (!algorithm.equals("HS256") && publicKey.isEmpty()) {
            throw new ConfigException("JWT_PUBLIC_KEY or JWT_PUBLIC_KEY_FILE is required when ALGORITHM is " + algorithm);
        }
        if (privateKey.isPresent() && publicKey.isEmpty()) {
            throw new ConfigException("JWT_PRIVATE_KEY needs JWT_PUBLIC_KEY (the public half of the same pair)");
        }
        List<PublicKey> verifyKeys = pem("JWT_VERIFY_KEYS")
                .map(pem -> PemKeys.publicKeys(pem.key(), pem.text())).orElse(List.of());
        int cacheMillis = nonNegative("SESSION_CHECK_CACHE_MS", 500);
        if (cacheMillis > MAX_SESSION_CHECK_CACHE_MS) {
            throw new ConfigException("SESSION_CHECK_CACHE_MS must be at most " + MAX_SESSION_CHECK_CACHE_MS
                    + " so that ended sessions are rejected within a second");
        }
        return new TokenSettings(algorithm, secret, previousSecrets, privateKey, publicKey, verifyKeys,
                Duration.ofMinutes(positive("ACCESS_TOKEN_EXPIRE_MINUTES", 30)),
                Duration.ofDays(positive("REFRESH_TOKEN_EXPIRE_DAYS", 7)),
                Duration.ofSeconds(nonNegative("TOKEN_CLOCK_LEEWAY_SECONDS", 5)),
                Duration.ofMillis(cacheMillis));
    }

    private static byte[] secret(String key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new ConfigException(key + " must be at least " + MIN_SECRET_BYTES + " characters long");
        }
        return bytes;
    }

    private static PublicKey onlyKey(String key, String pem) {
        List<PublicKey> keys = PemKeys.publicKeys(key, pem);
        if (keys.size() != 1) {
            throw new ConfigException(key + " must hold exactly one public key; put older keys in JWT_VERIFY_KEYS");
        }
        return keys.getFirst();
    }

    /** PEM text given inline as {@code key} or as a file named by {@code key_FILE}, never both. */
    private Optional<Pem> pem(String key) {
        String fileKey = key + "_FILE";
        Optional<String> inline = optional(key);
        Optional<String> file = optional(fileKey);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigException("set either " + key + " or " + fileKey + ", not both");
        }
        if (file.isPresent()) {
            try {
                return Optional.of(new Pem(fileKey, Files.readString(Path.of(file.get()))));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(fileKey + " cannot be read: " + file.get());
            }
        }
        return inline.map(text -> new Pem(key, text));
    }

    private record Pem(String key, String text) {
    }

    private AccountSettings accounts() {
        int minLength = positive("PASSWORD_MIN_LENGTH", 8);
        if (minLength > 128) {
            throw new ConfigException("PASSWORD_MIN_LENGTH must be at most 128");
        }
        Optional<String> adminUser = optional("ADMIN_USERNAME");
        Optional<String> adminPassword = optional("ADMIN_PASSWORD");
        Optional<String> adminHash = optional("ADMIN_PASSWORD_HASH");
        if (adminUser.isPresent() && adminPassword.isEmpty() && adminHash.isEmpty()) {
            throw new ConfigException("ADMIN_USERNAME needs ADMIN_PASSWORD or ADMIN_PASSWORD_HASH");
        }
        if (adminUser.isEmpty() && (adminPassword.isPresent() || adminHash.isPresent())) {
            throw new ConfigException("ADMIN_PASSWORD needs ADMIN_USERNAME");
        }
        LoginPolicy policy = LoginPolicy.valueOf(choice("LOGIN_POLICY", "single", "single", "multi")
                .toUpperCase(Locale.ROOT));
        Argon2Settings argon2 = new Argon2Settings(positive("ARGON2_MEMORY_KIB", Argon2Settings.DEFAULTS.memoryKib()),
                positive("ARGON2_ITERATIONS", Argon2Settings.DEFAULTS.iterations()),
                positive("ARGON2_PARALLELISM", Argon2Settings.DEFAULTS.parallelism()));
        LoginThrottleSettings throttle = new LoginThrottleSettings(
                new Limits(positive("LOGIN_DELAY_AFTER_FAILURES", 3), positive("LOGIN_LOCKOUT_AFTER_FAILURES", 10)),
                new Limits(positive("LOGIN_IP_DELAY_AFTER_FAILURES", 20), positive("LOGIN_IP_LOCKOUT_AFTER_FAILURES", 100)),
                Duration.ofSeconds(positive("LOGIN_LOCKOUT_SECONDS", 900)));
        return new AccountSettings(minLength, argon2, policy, throttle, adminUser, adminPassword, adminHash,
                days("SESSION_MAX_INACTIVE_DAYS", 365),
                Duration.ofSeconds(positive("INACTIVE_ACCOUNT_SWEEP_SECONDS", 3600)));
    }

    /** A positive number of days, fractions allowed (0.0001 is about 9 seconds, for tests). */
    private Duration days(String key, int fallback) {
        String value = text(key, Integer.toString(fallback));
        try {
            double days = Double.parseDouble(value);
            long millis = Math.round(days * Duration.ofDays(1).toMillis());
            if (days > 0 && millis > 0 && days <= MAX_DAYS) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key + " must be a positive number of days (at most " + MAX_DAYS + "), got '"
                + value + "'");
    }

    private Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private String text(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    private String choice(String key, String fallback, String... allowed) {
        String value = text(key, fallback);
        for (String option : allowed) {
            if (option.equalsIgnoreCase(value)) {
                return option;
            }
        }
        throw new ConfigException(key + " must be one of " + Arrays.toString(allowed) + ", got '" + value + "'");
    }

    private int number(String key, int fallback, int min) {
        String value = text(key, Integer.toString(fallback));
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key + " must be a whole number of at least " + min + ", got '" + value + "'");
    }

    private int positive(String key, int fallback) {
        return number(key, fallback, 1);
    }

    private int nonNegative(String key, int fallback) {
        return number(key, fallback, 0);
    }

    private int port(String key, int fallback) {
        int port = nonNegative(key, fallback);
        if (port > 65535) {
            throw new ConfigException(key + " must be a port number (0-65535), got " + port);
        }
        return port;
    }

    private List<URI> uris(String key, String fallback) {
        String joined = text(key, fallback);
        List<URI> list = Arrays.stream(joined.split(","))
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .map(part -> uri(key, part))
                .toList();
        if (list.isEmpty()) {
            throw new ConfigException(key + " must list at least one URL");
        }
        return list;
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("scheme and host are required");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be a URL such as http://host:port, got '" + value + "'");
        }
    }
}
