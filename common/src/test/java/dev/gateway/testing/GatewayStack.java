package dev.gateway.testing;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.SettingsParser;
import dev.gateway.common.server.RunningService;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts real services on free ports against a real Redis, for tests that talk to them over HTTP and
 * WebSocket. Services are started in dependency order (auth, session, hubs, edge) and stopped in reverse.
 * The service classes are passed in, so this fixture does not depend on the service modules.
 */
public final class GatewayStack implements AutoCloseable {
    private final Map<String, String> base;
    private final List<RunningService> running = new ArrayList<>();

    private GatewayStack(Map<String, String> base) {
        this.base = base;
    }

    /** A stack sharing {@code redis}, one secret and the given settings; add services with the start methods. */
    public static GatewayStack on(TestRedis redis, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        values.put("REDIS_URL", redis.url().toString());
        values.put("SECRET_KEY", randomSecret());
        values.put("BIND_HOST", "127.0.0.1");
        values.put("LOGGING_LEVEL", "WARNING");
        values.putAll(settings);
        return new GatewayStack(values);
    }

    public static GatewayStack on(TestRedis redis) {
        return on(redis, Map.of());
    }

    /** Starts a service on a free port; {@code portKey} is the setting that holds its port (e.g. AUTH_PORT). */
    public RunningService start(String instanceId, String portKey, Function<Settings, RunningService> main,
                                Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(base);
        values.putAll(extra);
        values.put("INSTANCE_ID", instanceId);
        values.put(portKey, "0");
        RunningService service = main.apply(SettingsParser.parse(values));
        running.add(service);
        return service;
    }

    public RunningService start(String instanceId, String portKey, Function<Settings, RunningService> main) {
        return start(instanceId, portKey, main, Map.of());
    }

    /** The settings every service of this stack shares, e.g. its SECRET_KEY. */
    public String setting(String key) {
        return base.get(key);
    }

    /** A comma-separated list of base URLs of the given services, for AUTH_SERVICE_URLS and the like. */
    public static String urls(RunningService... services) {
        List<String> urls = new ArrayList<>();
        for (RunningService service : services) {
            urls.add(http(service).toString());
        }
        return String.join(",", urls);
    }

    public static URI http(RunningService service) {
        return URI.create("http://127.0.0.1:" + service.port());
    }

    public static URI ws(RunningService service, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + service.port() + pathAndQuery);
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
