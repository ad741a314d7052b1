package dev.gateway.common.redis;

import dev.gateway.common.config.Settings.RedisSettings;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the Redisson client for single, sentinel or cluster Redis from {@link RedisSettings}. */
public final class RedisClients {
    private static final int TIMEOUT_MS = 3_000;

    private RedisClients() {
    }

    public static RedissonClient create(RedisSettings settings) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        Credentials credentials = Credentials.of(settings.url());
        switch (settings.mode()) {
            case SINGLE -> {
                var single = config.useSingleServer()
                        .setAddress(address(settings.url()))
                        .setDatabase(database(settings.url()));
                apply(single, credentials);
            }
            case SENTINEL -> {
                var sentinel = config.useSentinelServers()
                        .setMasterName(settings.sentinelMaster().orElseThrow())
                        .setCheckSentinelsList(false);
                addresses(settings.nodes()).forEach(sentinel::addSentinelAddress);
                apply(sentinel, credentials);
            }
            case CLUSTER -> {
                var cluster = config.useClusterServers();
                addresses(settings.nodes()).forEach(cluster::addNodeAddress);
                apply(cluster, credentials);
            }
        }
        return Redisson.create(config);
    }

    private static void apply(BaseConfig<?> config, Credentials credentials) {
        config.setTimeout(TIMEOUT_MS).setConnectTimeout(TIMEOUT_MS);
        if (credentials.password() != null) {
            config.setPassword(credentials.password());
        }
        if (credentials.username() != null) {
            config.setUsername(credentials.username());
        }
    }

    private static List<String> addresses(List<URI> nodes) {
        return nodes.stream().map(RedisClients::address).toList();
    }

    private static String address(URI uri) {
        String scheme = uri.getScheme() == null ? "redis" : uri.getScheme();
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return scheme + "://" + uri.getHost() + ":" + port;
    }

    private static int database(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isBlank() || path.equals("/")) {
            return 0;
        }
        return Integer.parseInt(path.substring(1));
    }

    private record Credentials(String username, String password) {
        static Credentials of(URI uri) {
            String info = uri.getRawUserInfo();
            if (info == null || info.isEmpty()) {
                return new Credentials(null, null);
            }
            String[] parts = info.split(":", 2);
            String user = decode(parts[0]);
            String password = parts.length > 1 ? decode(parts[1]) : null;
            return new Credentials(user.isEmpty() ? null : user, password);
        }

        private static String decode(String value) {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
    }
}
