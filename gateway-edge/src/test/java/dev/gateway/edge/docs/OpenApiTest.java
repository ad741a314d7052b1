package dev.gateway.edge.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.contract.ApiContract;
import dev.gateway.common.contract.ApiRoute;
import dev.gateway.edge.TestEdges;
import dev.gateway.edge.stub.StubBackend;
import dev.gateway.testing.GatewayStack;
import dev.gateway.testing.TestHttp;
import dev.gateway.testing.TestHttp.Response;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi} describes exactly the routes of the contract, and {@code /docs} needs nothing from outside. */
class OpenApiTest {
    private static final Set<String> ANY = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static GatewayStack stack;
    private static StubBackend stub;
    private static TestHttp http;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        stub = StubBackend.start();
        stack = TestEdges.stack(TestRedis.shared(), Map.of());
        http = new TestHttp(GatewayStack.http(TestEdges.startEdge(stack, "edge-1", stub)));
        Response response = http.get("/openapi", null);
        assertEquals(200, response.status());
        document = response.json();
    }

    @AfterAll
    static void stop() {
        stack.close();
        stub.close();
    }

    @Test
    void documentIsOpenApi3() {
        assertTrue(document.get("openapi").asText().startsWith("3."));
        assertEquals("bearer", document.at("/components/securitySchemes/bearer/scheme").asText());
    }

    @Test
    void everyContractRouteIsDocumentedWithItsMethodAndAccess() {
        for (ApiRoute route : ApiContract.routes()) {
            JsonNode item = document.get("paths").get(documentedPath(route));
            assertTrue(item != null, "undocumented path " + route.template());
            for (String method : methods(route)) {
                JsonNode operation = item.get(method);
                assertTrue(operation != null, "undocumented " + method + " " + route.template());
                assertEquals(route.open(), isOpen(operation), "access of " + method + " " + route.template());
            }
        }
    }

    @Test
    void documentHasNoOperationOutsideTheContract() {
        Set<String> contract = new HashSet<>();
        for (ApiRoute route : ApiContract.routes()) {
            methods(route).forEach(method -> contract.add(method + " " + documentedPath(route)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!method.equals("parameters")) {
                    assertTrue(contract.contains(method + " " + path.getKey()), "not in the contract: " + method + " " + path.getKey());
                }
            });
        }
    }

    @Test
    void docsPageIsSelfContained() {
        Response page = http.get("/docs", null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.text().contains("fetch(\"/openapi\")"));
        assertFalse(page.text().matches("(?s).*(src|href)=\"(https?:)?//.*"), "the page loads something from elsewhere");
    }

    /** A route is open when it needs no security, or lists the empty requirement as one alternative. */
    private static boolean isOpen(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.get("security") : document.get("security");
        if (security.isEmpty()) {
            return true;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String documentedPath(ApiRoute route) {
        return route.template().replace("/**", "/{rest}");
    }

    private static Set<String> methods(ApiRoute route) {
        return route.method().equals("ANY") ? ANY : Set.of(route.method().toLowerCase(Locale.ROOT));
    }
}
