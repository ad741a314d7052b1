package dev.gateway.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.contract.Owner;
import dev.gateway.common.health.HealthService;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.edge.routing.UpstreamPool;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The edge's health: {@code /health} aggregates every instance of every service, {@code /health/connections}
 * lists the sockets of each hub; live and ready are the edge's own.
 */
public final class EdgeHealth implements HttpService {
    private static final Map<Owner, String> NAMES = Map.of(Owner.AUTH, "auth", Owner.SESSION, "session", Owner.HUB, "ws_hub");

    private final HealthService own;
    private final Map<Owner, UpstreamPool> pools;
    private final WebClient client = WebClient.builder()
            .socketOptions(SocketOptions.builder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .readTimeout(Duration.ofSeconds(2))
                    .tcpNoDelay(true)
                    .build())
            .build();

    public EdgeHealth(HealthService own, Map<Owner, UpstreamPool> pools) {
        this.own = own;
        this.pools = pools;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health)
                .get("/health/connections", this::connections)
                .register(own);
    }

    private void health(ServerRequest request, ServerResponse response) {
        ObjectNode services = Json.object();
        int healthyServices = 0;
        long sockets = 0;
        for (Owner owner : new Owner[] {Owner.AUTH, Owner.SESSION, Owner.HUB}) {
            ObjectNode service = serviceHealth(pools.get(owner));
            services.set(NAMES.get(owner), service);
            healthyServices += service.get("status").asText().equals("healthy") ? 1 : 0;
            sockets += service.path("active_connections").asLong(0);
        }
        boolean redisUp = own.redisConnected();
        String status = healthyServices == 3 && redisUp ? "healthy" : healthyServices == 0 ? "unhealthy" : "degraded";
        ObjectNode body = Json.object()
                .put("status", status)
                .put("timestamp", Instant.now().toString())
                .put("version", HealthService.VERSION)
                .put("redis_connected", redisUp)
                .put("active_connections", sockets);
        body.set("services", services);
        HttpJson.send(response, status.equals("unhealthy") ? 503 : 200, body);
    }

    private void connections(ServerRequest request, ServerResponse response) {
        ObjectNode hubs = Json.object();
        long total = 0;
        for (URI hub : pools.get(Owner.HUB).instances()) {
            JsonNode health = fetch(hub.resolve("/ws/health"));
            long active = health.path("active_connections").asLong(0);
            total += active;
            hubs.set(health.path("gateway_id").asText(hub.toString()), Json.object()
                    .put("url", hub.toString())
                    .put("status", health.path("status").asText("unreachable"))
                    .put("active_connections", active));
        }
        ObjectNode body = Json.object().put("total_connections", total);
        body.set("hubs", hubs);
        HttpJson.send(response, body);
    }

    /** A service is healthy while at least one instance is. */
    private ObjectNode serviceHealth(UpstreamPool pool) {
        ArrayNode instances = Json.mapper().createArrayNode();
        int healthy = 0;
        long sockets = 0;
        for (URI instance : pool.instances()) {
            JsonNode health = fetch(instance.resolve("/health"));
            String status = health.path("status").asText("unreachable");
            healthy += status.equals("healthy") ? 1 : 0;
            sockets += health.path("active_connections").asLong(0);
            instances.add(Json.object().put("url", instance.toString()).put("status", status));
        }
        ObjectNode service = Json.object()
                .put("status", healthy == 0 ? "unhealthy" : healthy == pool.instances().size() ? "healthy" : "degraded")
                .put("active_connections", sockets);
        service.set("instances", instances);
        return service;
    }

    private JsonNode fetch(URI uri) {
        try (HttpClientResponse response = client.get().uri(uri).request()) {
            return Json.tree(response.entity().as(byte[].class));
        } catch (RuntimeException e) {
            return Json.object().put("status", "unreachable");
        }
    }
}
