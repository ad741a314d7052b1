package dev.gateway.common.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.redisson.api.RedissonClient;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready} of one service. Ready means Redis
 * answers and the service is not draining.
 */
public final class HealthService implements HttpService {
    public static final String VERSION = "0.1.0";

    private final String service;
    private final String instanceId;
    private final RedissonClient redis;
    private final Consumer<ObjectNode> details;
    private final AtomicBoolean draining = new AtomicBoolean();

    /** {@code details} adds service-specific fields to the {@code /health} body. */
    public HealthService(String service, String instanceId, RedissonClient redis, Consumer<ObjectNode> details) {
        this.service = service;
        this.instanceId = instanceId;
        this.redis = redis;
        this.details = details;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health)
                .get("/health/live", this::live)
                .get("/health/ready", this::ready);
    }

    /** Marks the service as shutting down: it stays alive but is no longer ready. */
    public void drain() {
        draining.set(true);
    }

    public boolean redisConnected() {
        try {
            redis.getKeys().countExists("health:probe");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void health(ServerRequest request, ServerResponse response) {
        boolean redisUp = redisConnected();
        ObjectNode body = Json.object()
                .put("status", redisUp ? "healthy" : "unhealthy")
                .put("timestamp", Instant.now().toString())
                .put("version", VERSION)
                .put("service", service)
                .put("instance_id", instanceId)
                .put("redis_connected", redisUp);
        details.accept(body);
        HttpJson.send(response, redisUp ? 200 : 503, body);
    }

    private void live(ServerRequest request, ServerResponse response) {
        HttpJson.send(response, Json.object().put("status", "alive"));
    }

    private void ready(ServerRequest request, ServerResponse response) {
        boolean ready = !draining.get() && redisConnected();
        HttpJson.send(response, ready ? 200 : 503, Json.object().put("status", ready ? "ready" : "not_ready")
                .put("draining", draining.get()));
    }
}
