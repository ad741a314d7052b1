package dev.gateway.edge.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.common.routes.RouteRecord;
import dev.gateway.common.routes.RouteStore;
import dev.gateway.common.routes.RouteTable;
import dev.gateway.edge.access.Gatekeeper;
import dev.gateway.edge.routing.Forwarder;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.redisson.client.RedisException;

import java.util.Map;
import java.util.function.Supplier;

/** {@code /api/register}, {@code /api/unregister} and {@code /api/list}: admin-only management of dynamic routes. */
public final class RoutesService implements HttpService {
    private final RouteStore store;
    private final RouteTable table;
    private final RouteRules rules;
    private final Gatekeeper gatekeeper;
    private final Forwarder limits;

    public RoutesService(RouteStore store, RouteTable table, boolean allowLinkLocal, Gatekeeper gatekeeper, Forwarder limits) {
        this.store = store;
        this.table = table;
        this.rules = new RouteRules(new RouteTargets(allowLinkLocal));
        this.gatekeeper = gatekeeper;
        this.limits = limits;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/register", this::register)
                .delete("/api/unregister", this::unregister)
                .get("/api/list", this::list);
    }

    private void register(ServerRequest request, ServerResponse response) {
        gatekeeper.requireAdmin(request.headers());
        limits.checkDeclaredLength(request);
        RouteRecord route = rules.parse(HttpJson.read(request, JsonNode.class));
        if (!redis(() -> store.add(route))) {
            throw ApiException.conflict("API '" + route.name() + "' is already registered");
        }
        table.reload();
        HttpJson.send(response, Json.fields("message", "API '" + route.name() + "' registered", "name", route.name()));
    }

    private void unregister(ServerRequest request, ServerResponse response) {
        gatekeeper.requireAdmin(request.headers());
        String name = request.query().first("name").orElseThrow(() -> ApiException.badRequest("Query parameter 'name' is required"));
        if (!redis(() -> store.remove(name))) {
            throw ApiException.notFound("API '" + name + "' is not registered");
        }
        table.reload();
        HttpJson.send(response, Map.of("message", "API '" + name + "' removed"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        gatekeeper.requireAdmin(request.headers());
        ArrayNode routes = Json.mapper().createArrayNode();
        for (RouteRecord route : redis(store::all).values()) {
            routes.addObject()
                    .put("name", route.name())
                    .put("base_url", route.baseUrl())
                    .put("method", route.method())
                    .put("path", route.path())
                    .put("ws_supported", route.wsSupported())
                    .put("require_auth", route.requireAuth());
        }
        HttpJson.send(response, routes);
    }

    private static <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw ApiException.unavailable("Routes cannot be changed while Redis is unreachable");
        }
    }
}
